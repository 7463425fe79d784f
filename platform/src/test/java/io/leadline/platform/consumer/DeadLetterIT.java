package io.leadline.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.platform.testapp.TaskRecorder;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

@SpringBootTest(classes = PlatformTestApplication.class)
@LeadlineIntegrationTest
class DeadLetterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    TaskRecorder recorder;

    @Autowired
    DeadLetterRedrive redrive;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheRecordsAfterThemStillGoThrough() throws Exception {
        String business = "poison-" + UUID.randomUUID();
        String before = "before-" + UUID.randomUUID();
        String poison = "poison-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
        try (TopicProbe deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.OPS_TASKS));
                TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            // All four share the business id as key, hence one partition, in this order.
            publish(task(business, before, "fine"));
            sendRaw(business, garbage);
            publish(task(business, poison, "poison"));
            publish(task(business, after, "fine"));

            published.awaitCount(record -> TopicProbe.value(record).contains(after), 1, TIMEOUT);
            List<ConsumerRecord<String, byte[]>> dead = deadLetters.awaitCount(record -> business.equals(record.key()),
                    2, TIMEOUT);

            assertThat(recorder.count(before)).isEqualTo(1);
            assertThat(recorder.count(after)).isEqualTo(1);
            assertThat(recorder.count(poison)).as("the poison record's change is rolled back").isZero();
            assertThat(dead.get(0).value()).as("the original bytes, untouched").isEqualTo(garbage);
            assertThat(TopicProbe.header(dead.get(0), DeadLetterHeaders.REASON)).isNotBlank();
            assertThat(TopicProbe.header(dead.get(0), DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
            assertThat(TopicProbe.header(dead.get(1), DeadLetterHeaders.REASON)).contains(poison + " is poison");
            assertThat(TopicProbe.header(dead.get(1), DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(TopicProbe.header(dead.get(1), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.OPS_TASKS);
            assertThat(TopicProbe.header(dead.get(1), CloudEventHeaders.TYPE))
                    .isEqualTo(EventTypes.nameOf(OpsTaskRaised.class));
        }
    }

    @Test
    void theEventsAFailedRecordPublishedBeforeFailingAreNeverSent() throws Exception {
        String business = "half-done-" + UUID.randomUUID();
        String failed = "failed-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        try (TopicProbe deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.OPS_TASKS));
                TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            publish(task(business, failed, "fails-after-publishing"));
            publish(task(business, after, "fine"));

            // Both events are keyed by the same conversation: once the later one is out, the earlier would be too.
            published.awaitCount(record -> TopicProbe.value(record).contains(after), 1, TIMEOUT);
            deadLetters.awaitCount(record -> business.equals(record.key()), 1, TIMEOUT);

            assertThat(published.seen()).noneMatch(record -> TopicProbe.value(record).contains(failed));
            assertThat(recorder.count(failed)).isZero();
        }
    }

    @Test
    void aRecordWithoutAnEventTypeIsDeadLetteredNotDropped() throws Exception {
        String key = "untyped-" + UUID.randomUUID();
        try (TopicProbe deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.OPS_TASKS))) {
            kafka.send(new ProducerRecord<>(Topics.OPS_TASKS, key, "{}".getBytes(StandardCharsets.UTF_8))).get();

            var dead = deadLetters.awaitCount(record -> key.equals(record.key()), 1, TIMEOUT);

            assertThat(TopicProbe.header(dead.get(0), DeadLetterHeaders.REASON)).contains("no ce_type");
        }
    }

    @Test
    void aDeadLetterReDrivenAfterItsCauseIsFixedIsProcessedOnceAndOnlyOnce() throws Exception {
        String business = "redrive-" + UUID.randomUUID();
        String poison = "poison-" + UUID.randomUUID();
        try (TopicProbe deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.OPS_TASKS))) {
            publish(task(business, poison, "poison"));
            ConsumerRecord<String, byte[]> dead = deadLetters.awaitCount(record -> business.equals(record.key()), 1,
                    TIMEOUT).get(0);
            assertThat(recorder.count(poison)).isZero();

            recorder.cure(poison);
            var letter = redrive.read(dead.topic(), dead.partition(), dead.offset()).orElseThrow();
            assertThat(letter.reason()).contains(poison + " is poison");
            var landed = redrive.redrive(letter);
            assertThat(landed.topic()).isEqualTo(Topics.OPS_TASKS);
            await().atMost(TIMEOUT).until(() -> recorder.count(poison) == 1);

            // Re-driving the same dead letter again (an operator's double click) is consumed as a duplicate.
            double duplicates = duplicates();
            redrive.redrive(redrive.read(dead.topic(), dead.partition(), dead.offset()).orElseThrow());
            await().atMost(TIMEOUT).until(() -> duplicates() > duplicates);
            assertThat(recorder.count(poison)).isEqualTo(1);
        }
    }

    @Test
    void aLostDeadlockIsRetriedNotDeadLettered() throws Exception {
        String business = "deadlock-" + UUID.randomUUID();
        String subject = "deadlock-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        try (TopicProbe deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.OPS_TASKS))) {
            publish(task(business, subject, "deadlock-thrice"));
            publish(task(business, after, "fine"));

            await().atMost(TIMEOUT).until(() -> recorder.count(after) == 1);

            assertThat(recorder.count(subject)).isEqualTo(1);
            assertThat(deadLetters.seen()).noneMatch(record -> business.equals(record.key()));
        }
    }

    @Test
    void readingAPositionThatHoldsNoDeadLetterFindsNothing() {
        assertThat(redrive.read(Topics.deadLetter(Topics.OPS_TASKS), 0, Long.MAX_VALUE / 2)).isEmpty();
    }

    private double duplicates() {
        var counter = meters.find("leadline.consumer.events").tag("consumer", "platform-test.tasks")
                .tag("outcome", "duplicate").counter();
        return counter == null ? 0 : counter.count();
    }

    private void publish(OpsTaskRaised task) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), task)));
    }

    private void sendRaw(String key, byte[] value) throws Exception {
        var record = new ProducerRecord<String, byte[]>(Topics.OPS_TASKS, key, value);
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.of(UUID.randomUUID().toString(),
                EventTypes.nameOf(OpsTaskRaised.class), "/test", Instant.now(), null));
        kafka.send(record).get();
    }

    private static OpsTaskRaised task(String business, String subject, String reason) {
        return new OpsTaskRaised(business, "TEST", subject, 7L, null, reason, Map.of(), Instant.now());
    }
}
