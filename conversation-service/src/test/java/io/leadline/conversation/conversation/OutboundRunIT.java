package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.sent;
import static io.leadline.conversation.Fixtures.status;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll batch of {@code OutboundSent} applied set-based ({@link OutboundRuns}) ends where the same sends applied
 * one at a time ({@link Conversations#acceptOutbound(OutboundSent)}) end: twin conversations, one twin given the
 * whole batch in one transaction, the other each send alone; compared by message rows, parked statuses, the
 * conversations' activity and the {@code MessageAccepted} events published.
 */
@SpringBootTest(classes = ConversationApplication.class)
@LeadlineIntegrationTest
class OutboundRunIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    OutboundRuns outboundRuns;

    @Autowired
    Conversations conversations;

    @Autowired
    DeliveryStatuses statuses;

    @Autowired
    EventPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    private final Instant t0 = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MICROS);

    /** One customer's conversation, and the sends and statuses that name it. */
    private record Twin(Person person, long conversation, List<OutboundSent> sends) {
    }

    @Test
    void aBatchOfSendsEndsEveryConversationWhereTheSameSendsOneAtATimeEndIt() {
        List<Twin> batched = scenario();
        List<Twin> alone = scenario();
        double before = meters.counter(OutboundRuns.RUN_SENDS).count();

        List<EventEnvelope<OutboundSent>> batch = batched.stream().flatMap(twin -> twin.sends().stream())
                .map(send -> envelope(send, Topics.OUTBOUND)).toList();
        transactions.executeWithoutResult(tx -> outboundRuns.accept(batch));
        alone.stream().flatMap(twin -> twin.sends().stream()).forEach(send ->
                transactions.executeWithoutResult(tx -> conversations.acceptOutbound(send)));

        assertThat(meters.counter(OutboundRuns.RUN_SENDS).count() - before).as("the set-based path took the batch")
                .isEqualTo(batch.size());
        for (int i = 0; i < batched.size(); i++) {
            assertThat(state(batched.get(i))).as("conversation %d", i).isEqualTo(state(alone.get(i)));
        }
        // and the comparison compares something: statuses that came first applied, one message per provider id
        assertThat(state(batched.get(1)).messages()).extracting(row -> row.get("delivery_status"))
                .containsExactly("SENT", "READ");
        assertThat(state(batched.get(2)).messages()).hasSize(1);
        assertThat(state(batched.get(0)).accepted()).hasSize(2).allSatisfy(event -> assertThat(event)
                .contains("\"serviceType\": \"website\""));
    }

    @Test
    void aSendThatConfirmsARowRecordedUnknownBeforeSendsTheBatchOneByOne() {
        Twin twin = conversation("Saya perlu website");
        long outboundId = Fixtures.nextId();
        publish(new OutboundOutcomeUnknown(Fixtures.BUSINESS, twin.conversation(), outboundId, "dedupe-" + outboundId,
                "READ_TIMEOUT", t0));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM message WHERE outbound_id = :id")
                .param("id", outboundId).query(Long.class).single() == 1);
        OutboundSent plain = sent(twin.person(), twin.conversation(), wamid(), "Kota?", t0.plusSeconds(1));
        OutboundSent confirming = new OutboundSent(Fixtures.BUSINESS, twin.conversation(), outboundId,
                "dedupe-" + outboundId, "QUESTION", "budget", "Budget?", twin.person().card().replyTo(), wamid(),
                t0.plusSeconds(2));

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> outboundRuns.accept(List.of(
                envelope(plain, Topics.OUTBOUND), envelope(confirming, Topics.OUTBOUND)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("one by one");
    }

    /**
     * Three conversations: two sends to one whose contact's lead is known; a send whose statuses came before it
     * and one without; the same send twice in the batch.
     */
    private List<Twin> scenario() {
        Twin leadKnown = conversation("Saya perlu website");
        Twin statusesFirst = conversation("Halo");
        Twin twice = conversation("Permisi");
        List<Twin> twins = new ArrayList<>();
        twins.add(withSends(leadKnown, sent(leadKnown.person(), leadKnown.conversation(), wamid(), "Kota?",
                t0.plusSeconds(3)), sent(leadKnown.person(), leadKnown.conversation(), wamid(), "Kapan?",
                t0.plusSeconds(2))));
        String early = wamid();
        transactions.executeWithoutResult(tx -> statuses.reportAll(List.of(
                envelope(status(early, DeliveryState.READ, t0.plusSeconds(6)), Topics.STATUS),
                envelope(status(early, DeliveryState.DELIVERED, t0.plusSeconds(5)), Topics.STATUS))));
        twins.add(withSends(statusesFirst, sent(statusesFirst.person(), statusesFirst.conversation(), wamid(),
                "Layanan apa?", t0.plusSeconds(1)), sent(statusesFirst.person(), statusesFirst.conversation(), early,
                "Kota?", t0.plusSeconds(4))));
        OutboundSent once = sent(twice.person(), twice.conversation(), wamid(), "Budget?", t0.plusSeconds(1));
        twins.add(withSends(twice, once, once));
        return twins;
    }

    private Twin conversation(String firstWords) {
        Person person = Person.withPhone("Twin");
        String hello = wamid();
        publish(inbound(person, hello, firstWords, t0));
        long conversation = await().atMost(WAIT).until(() -> jdbc.sql(
                "SELECT conversation_id FROM message WHERE provider_message_id = :id").param("id", hello)
                .query(Long.class).optional().orElse(null), id -> id != null);
        return new Twin(person, conversation, List.of());
    }

    private static Twin withSends(Twin twin, OutboundSent... sends) {
        return new Twin(twin.person(), twin.conversation(), List.of(sends));
    }

    /** What a conversation ends as, in terms that do not name the twin. */
    private record State(List<Map<String, Object>> messages, long parked, Instant lastActivity, List<String> accepted) {
    }

    private State state(Twin twin) {
        List<Map<String, Object>> messages = jdbc.sql("""
                SELECT direction, channel, message_type, text, delivery_status, status_at, sent_at, received_at
                FROM message WHERE conversation_id = :c AND direction = 'OUTBOUND' ORDER BY sent_at, id
                """).param("c", twin.conversation()).query().listOfRows();
        long parked = jdbc.sql("SELECT count(*) FROM parked_status WHERE provider_message_id = ANY(:ids)")
                .param("ids", twin.sends().stream().map(OutboundSent::providerMessageId).toArray(String[]::new))
                .query(Long.class).single();
        Instant activity = jdbc.sql("SELECT last_activity_at FROM conversation WHERE id = :c")
                .param("c", twin.conversation()).query(java.sql.Timestamp.class).single().toInstant();
        // the events of the sends, without the ids that differ between twins
        List<String> accepted = jdbc.sql("""
                SELECT (convert_from(payload, 'UTF8')::jsonb - 'conversationId' - 'messageId' - 'contactId'
                        - 'providerMessageId' - 'replyTo')::text
                FROM outbox_event WHERE event_type = 'leadline.conversation.MessageAccepted'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'providerMessageId' = ANY(:ids)
                ORDER BY id
                """).param("ids", twin.sends().stream().map(OutboundSent::providerMessageId).toArray(String[]::new))
                .query(String.class).list();
        return new State(messages, parked, activity, accepted);
    }

    private static <T extends LeadlineEvent> EventEnvelope<T> envelope(T event, String topic) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), event.getClass().getSimpleName(), "test",
                Instant.now(), null, topic, 0, 0, event.partitionKey(), event);
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }
}
