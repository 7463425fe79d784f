package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backlog consumed in poll batches, so consecutive inbound messages are applied as set-based runs: the outcome
 * must be what one-by-one processing gives, message by message.
 */
@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
@DirtiesContext
class InboundRunsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aRunGivesEachMessageTheConversationAndLeadAsOfItselfAndAuditsEveryStep() {
        Person ayu = Person.withPhone("Ayu");
        Person back = Person.withPhone("Bayu");
        long deleted = deliver(back, wamid(), "halo");
        api.delete("/api/conversations/" + deleted);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        String hello = wamid();
        String named = wamid();
        String moved = wamid();
        String typed = wamid();
        String budget = wamid();
        String again = wamid();
        double before = inRuns();

        List<ConsumerRecord<String, byte[]>> accepted = whileStopped(List.of(
                inbound(ayu, hello, "halo", t0),
                inbound(ayu, named, "nama saya Ayu, di Jakarta", t0.plusSeconds(1)),
                inbound(ayu, moved, "eh sekarang di Bandung", t0.plusSeconds(2)),
                inbound(ayu, typed, "oke kak", t0.plusSeconds(3), t0.plusSeconds(3), true),
                inbound(ayu, named, "nama saya Ayu, di Jakarta", t0.plusSeconds(1)),
                inbound(ayu, budget, "budget 5 juta", t0.plusSeconds(4)),
                inbound(back, again, "masih buka?", t0.plusSeconds(5))), 6);

        assertThat(inRuns() - before).as("applied as a run, not one by one").isGreaterThanOrEqualTo(6);
        List<String> order = new ArrayList<>();
        accepted.stream().map(record -> JSON.readTree(record.value()))
                .filter(event -> event.path("contactId").asLong() == ayu.contactId())
                .forEach(event -> order.add(event.path("providerMessageId").asString() + " "
                        + new TreeMap<>(JSON.convertValue(event.path("leadFields"), Map.class)) + " "
                        + Instant.parse(event.path("lastInboundAt").asString())));
        assertThat(order).containsExactly(
                hello + " {} " + t0,
                named + " {city=Jakarta, name=Ayu} " + t0.plusSeconds(1),
                moved + " {city=Bandung, name=Ayu} " + t0.plusSeconds(2),
                typed + " {city=Bandung, name=Ayu} " + t0.plusSeconds(2),
                budget + " {budget=5000000, city=Bandung, name=Ayu} " + t0.plusSeconds(4));
        List<String> audit = new ArrayList<>();
        api.get("/api/leads/" + ayu.contactId()).json().path("audit").forEach(change -> audit.add(0,
                change.path("field").asString() + " " + text(change.path("old_value")) + "->"
                        + text(change.path("new_value")) + " @" + change.path("message_id").asLong()));
        assertThat(audit).containsExactlyInAnyOrder("name null->Ayu @" + messageId(named),
                "city null->Jakarta @" + messageId(named), "city Jakarta->Bandung @" + messageId(moved),
                "budget null->5000000 @" + messageId(budget));
        assertThat(audit.indexOf("city Jakarta->Bandung @" + messageId(moved)))
                .isGreaterThan(audit.indexOf("city null->Jakarta @" + messageId(named)));
        assertThat(jdbc.sql("SELECT count(*) FROM message WHERE provider_message_id = :id").param("id", named)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/conversations/" + deleted).json().path("deleted").asBoolean())
                .as("the customer wrote again").isFalse();
    }

    @Test
    void lateMessagesUnderAMergedKeyJoinTheSurvivorInARunAndAConversationMergedAwayFailsTheRunOverToOneByOne() {
        Person phone = Person.withPhone("Citra");
        Person lid = Person.lidOnly();
        long survivor = deliver(phone, wamid(), "halo");
        deliver(lid, wamid(), "halo dari perangkat lain");
        publish(Fixtures.merged(phone, lid));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM conversation WHERE merged_into_id = :id")
                .param("id", survivor).query(Long.class).single() == 1);

        // Resolved under the old key before identity learnt of the merge, back to back: one run, through the alias.
        List<String> late = List.of(wamid(), wamid(), wamid());
        double before = inRuns();
        List<ConsumerRecord<String, byte[]>> accepted = whileStopped(late.stream()
                .map(wamid -> (LeadlineEvent) inbound(lid, wamid, "masih di sana?", Instant.now())).toList(), 3);
        assertThat(inRuns() - before).isEqualTo(3);
        assertThat(late.stream().map(this::messageConversation).toList()).containsOnly(survivor);
        assertThat(accepted).allSatisfy(record -> assertThat(JSON.readTree(record.value()).path("contactId").asLong())
                .isEqualTo(phone.contactId()));

        // Without the alias the key reaches the merged conversation itself, which only the one-by-one path follows.
        jdbc.sql("DELETE FROM conversation_key_alias WHERE alias_key = :key").param("key", lid.key()).update();
        List<String> later = List.of(wamid(), wamid(), wamid());
        double beforeFailOver = inRuns();
        whileStopped(later.stream().map(wamid -> (LeadlineEvent) inbound(lid, wamid, "halo?", Instant.now())).toList(), 3);
        assertThat(inRuns() - beforeFailOver).as("the run failed over to one by one").isZero();
        assertThat(later.stream().map(this::messageConversation).toList()).containsOnly(survivor);
    }

    /** Publishes while the identity listener is stopped, so they wait as a backlog; returns the events accepted. */
    private List<ConsumerRecord<String, byte[]>> whileStopped(List<LeadlineEvent> events, int expected) {
        var identity = listeners.getListenerContainer("conversation-identity");
        identity.stop();
        try (TopicProbe probe = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            publisher.publishAll(events.stream().map(event -> new Outgoing(UUID.randomUUID().toString(), event))
                    .toList());
            identity.start();
            return probe.awaitCount(record -> "leadline.conversation.MessageAccepted".equals(
                    TopicProbe.header(record, "ce_type")), expected, WAIT);
        }
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "null" : value.asString();
    }

    private double inRuns() {
        var counter = meters.find(InboundRuns.RUN_MESSAGES).counter();
        return counter == null ? 0 : counter.count();
    }

    private long deliver(Person person, String wamid, String text) {
        publish(inbound(person, wamid, text, Instant.now()));
        return await().atMost(WAIT).until(() -> messageConversation(wamid), id -> id != null);
    }

    private Long messageConversation(String wamid) {
        return jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :id").param("id", wamid)
                .query(Long.class).optional().orElse(null);
    }

    private long messageId(String wamid) {
        return jdbc.sql("SELECT id FROM message WHERE provider_message_id = :id").param("id", wamid)
                .query(Long.class).single();
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }
}
