package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll batch of status webhooks applied together ends where the same statuses applied one at a time end: twin
 * sends in every state a status can meet, the statuses of different sends interleaved, one twin of each pair given
 * the whole batch in one transaction, the other each status alone.
 */
@SpringBootTest(classes = OutboundApplication.class)
@LeadlineIntegrationTest
class StatusBatchIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(20);
    private static final Instant T3 = T0.plusSeconds(30);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    StatusReconciler reconciler;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    /** A send's state before the batch and the statuses it gets, in their order. */
    private record Scenario(String name, String before, List<Reported> statuses) {
    }

    private record Reported(DeliveryState state, Instant at, String business) {

        Reported(DeliveryState state, Instant at) {
            this(state, at, Fixtures.BUSINESS);
        }
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("sent, delivered, read", "SENT", List.of(new Reported(DeliveryState.SENT, T1),
                    new Reported(DeliveryState.DELIVERED, T2), new Reported(DeliveryState.READ, T3))),
            new Scenario("sent only", "SENT", List.of(new Reported(DeliveryState.SENT, T1))),
            new Scenario("read only", "SENT", List.of(new Reported(DeliveryState.READ, T3))),
            new Scenario("unknown, then delivered", "UNKNOWN", List.of(new Reported(DeliveryState.DELIVERED, T2))),
            new Scenario("still sending, read", "SENDING", List.of(new Reported(DeliveryState.READ, T3))),
            new Scenario("delivered before, read", "DELIVERED", List.of(new Reported(DeliveryState.READ, T3))),
            new Scenario("delivered, then failed", "SENT", List.of(new Reported(DeliveryState.DELIVERED, T2),
                    new Reported(DeliveryState.FAILED, T3))),
            new Scenario("failed", "SENT", List.of(new Reported(DeliveryState.FAILED, T2))),
            new Scenario("another business's status", "SENT",
                    List.of(new Reported(DeliveryState.DELIVERED, T2, "demo-il"))));

    @Test
    void aBatchOfStatusesEndsEverySendWhereTheSameStatusesOneAtATimeEndIt() {
        Map<String, Long> batched = sendsInTheirStates();
        Map<String, Long> alone = sendsInTheirStates();

        transactions.executeWithoutResult(tx -> reconciler.applyAll(interleaved(batched)));
        for (EventEnvelope<DeliveryStatusReported> status : interleaved(alone)) {
            transactions.executeWithoutResult(tx -> reconciler.apply(status.payload()));
        }

        for (Scenario scenario : SCENARIOS) {
            assertThat(outcome(batched.get(scenario.name()))).as(scenario.name())
                    .isEqualTo(outcome(alone.get(scenario.name())));
        }
        assertThat(outcome(batched.get("sent, delivered, read")))
                .isEqualTo(new Outcome("DELIVERED", Timestamp.from(T2), 0, 0));
        assertThat(outcome(batched.get("delivered before, read")))
                .isEqualTo(new Outcome("DELIVERED", Timestamp.from(T0), 0, 0));
        assertThat(outcome(batched.get("still sending, read"))).isEqualTo(new Outcome("SENDING", null, 1, 0));
        assertThat(outcome(batched.get("unknown, then delivered")).sentEvents()).isEqualTo(1);
        assertThat(outcome(batched.get("another business's status")).status()).isEqualTo("SENT");
    }

    /** One SENT send per scenario, then moved to the scenario's state. */
    private Map<String, Long> sendsInTheirStates() {
        Map<String, Long> ids = new LinkedHashMap<>();
        SCENARIOS.forEach(scenario -> ids.put(scenario.name(), outboundLog.accept(intent(Fixtures.nextId(),
                Fixtures.waId(), "service", Fixtures.nextId())).outboundId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM outbound_message WHERE id = ANY(:ids) AND status = 'SENT'")
                .param("ids", ids.values().toArray(Long[]::new)).query(Long.class).single() == SCENARIOS.size());
        for (Scenario scenario : SCENARIOS) {
            jdbc.sql("""
                    UPDATE outbound_message SET status = :status,
                        delivered_at = CASE WHEN :status = 'DELIVERED' THEN CAST(:t0 AS timestamptz) END
                    WHERE id = :id
                    """)
                    .param("status", scenario.before())
                    .param("t0", T0.toString())
                    .param("id", ids.get(scenario.name()))
                    .update();
        }
        return ids;
    }

    /** The first status of every send, then the second of every send that has one, and so on. */
    private List<EventEnvelope<DeliveryStatusReported>> interleaved(Map<String, Long> ids) {
        List<EventEnvelope<DeliveryStatusReported>> statuses = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Scenario scenario : SCENARIOS) {
                if (round < scenario.statuses().size()) {
                    statuses.add(status(ids.get(scenario.name()), scenario.statuses().get(round)));
                }
            }
        }
        return statuses;
    }

    private EventEnvelope<DeliveryStatusReported> status(long id, Reported reported) {
        String wamid = jdbc.sql("SELECT provider_message_id FROM outbound_message WHERE id = :id")
                .param("id", id).query(String.class).single();
        List<ProviderError> errors = reported.state() == DeliveryState.FAILED
                ? List.of(new ProviderError(131026, "Message undeliverable", null, null)) : List.of();
        DeliveryStatusReported status = new DeliveryStatusReported(reported.business(), Channel.META_CLOUD, wamid,
                reported.state(), reported.at(), null, Long.toString(id), errors, null, "wh-" + UUID.randomUUID(),
                Map.of());
        return new EventEnvelope<>(UUID.randomUUID().toString(), "DeliveryStatusReported", "test", Instant.now(),
                null, Topics.STATUS, 0, id, wamid, status);
    }

    private record Outcome(String status, Timestamp deliveredAt, long earlyStatuses, long sentEvents) {
    }

    private Outcome outcome(long id) {
        Map<String, Object> row = Fixtures.row(jdbc, id);
        long early = jdbc.sql("SELECT count(*) FROM early_status WHERE outbound_id = :id").param("id", id)
                .query(Long.class).single();
        // OutboundSent events published for the row after its first send: a reconciliation's
        long sent = jdbc.sql("""
                SELECT count(*) FROM outbox_event WHERE event_type = 'leadline.outbound.OutboundSent'
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'outboundId' = CAST(:id AS text)
                """).param("id", id).query(Long.class).single() - 1;
        return new Outcome((String) row.get("status"), (Timestamp) row.get("delivered_at"), early, sent);
    }
}
