package io.leadline.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.platform.testapp.TaskRecorder;
import io.leadline.platform.trace.Traces;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.spring.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts and stops whole service contexts against one database, as a process would be stopped and restarted. */
class OutboxRelayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TestDatabase database;
    private static String bootstrap;

    @BeforeAll
    static void infrastructure() {
        database = TestDatabase.create("outbox_relay");
        bootstrap = KafkaBroker.shared().bootstrapServers();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void anEventCommittedJustBeforeTheProcessStopsIsPublishedOnceByTheNextProcess() {
        String subject = "stranded-" + UUID.randomUUID();
        String sentinel = "sentinel-" + UUID.randomUUID();

        // The first process commits its change while the broker is out of reach, and then it is gone.
        try (var first = start("127.0.0.1:" + KafkaBroker.freePort())) {
            first.getBean(TaskRecorder.class).recordWithoutConsuming(subject, 1);
            assertThat(unpublished(first, subject)).isEqualTo(1);
        }

        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION);
                var second = start(bootstrap)) {
            second.getBean(TaskRecorder.class).recordWithoutConsuming(sentinel, 1);
            // The relay publishes in commit order: once the later event is out, the stranded one is too.
            published.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, TIMEOUT);

            assertThat(published.seen()).filteredOn(record -> TopicProbe.value(record).contains(subject)).hasSize(1);
            // The relay marks rows after the broker's acknowledgement, so the mark may trail the record a little.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(unpublished(second, subject)).isZero());
        }
    }

    @Test
    void eventsOfOneKeyArriveInTheOrderTheirTransactionsCommitted() {
        String prefix = "ordered-" + UUID.randomUUID() + "-";
        long conversation = System.nanoTime();
        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION); var service = start(bootstrap)) {
            TaskRecorder recorder = service.getBean(TaskRecorder.class);
            IntStream.range(0, 50).forEach(i -> recorder.recordWithoutConsuming(prefix + i, conversation));

            var records = published.awaitCount(record -> TopicProbe.value(record).contains(prefix), 50, TIMEOUT);

            List<String> order = records.stream().map(TopicProbe::value)
                    .map(value -> value.substring(value.indexOf(prefix) + prefix.length()).replaceAll("\\D.*", ""))
                    .toList();
            assertThat(order).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(Integer::toString).toList());
            assertThat(records).allSatisfy(record -> assertThat(record.key()).isEqualTo(Long.toString(conversation)));
        }
    }

    @Test
    void everyEventCarriesCloudEventsHeadersAndTheTraceOfTheWorkThatCausedIt() {
        String subject = "traced-" + UUID.randomUUID();
        String traceparent = Traces.newTraceparent();
        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION); var service = start(bootstrap)) {
            try (var trace = Traces.continueOrStart(traceparent)) {
                service.getBean(TaskRecorder.class).recordWithoutConsuming(subject, 3);
            }

            var record = published.awaitCount(r -> TopicProbe.value(r).contains(subject), 1, TIMEOUT).getFirst();

            assertThat(TopicProbe.header(record, CloudEventHeaders.ID)).isNotBlank();
            assertThat(TopicProbe.header(record, CloudEventHeaders.TYPE))
                    .isEqualTo(EventTypes.nameOf(AssignmentChanged.class));
            assertThat(TopicProbe.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/leadline/platform-test");
            assertThat(TopicProbe.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicProbe.header(record, CloudEventHeaders.TIME)).isNotBlank();
            assertThat(Traces.traceIdOf(TopicProbe.header(record, CloudEventHeaders.TRACEPARENT)))
                    .isEqualTo(Traces.traceIdOf(traceparent));
        }
    }

    private static ConfigurableApplicationContext start(String kafka) {
        Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties(database,
                "outbox-relay-it." + UUID.randomUUID()));
        properties.put("spring.kafka.bootstrap-servers", kafka);
        properties.put("spring.kafka.listener.auto-startup", false);
        return new SpringApplicationBuilder(PlatformTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    private static long unpublished(ConfigurableApplicationContext context, String subject) {
        return context.getBean(JdbcClient.class)
                .sql("SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND convert_from(payload, 'UTF8') LIKE :s")
                .param("s", "%" + subject + "%")
                .query(Long.class).single();
    }
}
