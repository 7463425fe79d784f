package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll batch of status webhooks and the recording of a round's outcomes lock the same rows in one transaction
 * each. Real threads, real transactions: the statuses arrive in descending id order while the outcomes lock in
 * ascending order, round after round; a deadlock would fail one of the two.
 */
@SpringBootTest(classes = OutboundApplication.class)
@LeadlineIntegrationTest
class LockOrderIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final int SENDS = 40;
    private static final int ROUNDS = 25;

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    StatusReconciler reconciler;

    @Autowired
    RowLocks locks;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchOfStatusesAndARoundOfOutcomesOnTheSameSendsWaitForEachOtherInsteadOfDeadlocking() throws Exception {
        List<Long> ids = IntStream.range(0, SENDS)
                .mapToObj(i -> outboundLog.accept(intent(Fixtures.nextId(), Fixtures.waId(), "service",
                        Fixtures.nextId())).outboundId())
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM outbound_message WHERE id IN (:ids) AND provider_message_id IS NOT NULL")
                .param("ids", ids).query(Long.class).single() == SENDS);
        List<EventEnvelope<DeliveryStatusReported>> descending = ids.stream().sorted(Comparator.reverseOrder())
                .map(this::delivered).toList();

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> statuses = threads.submit(() -> {
                    start.await();
                    transactions.executeWithoutResult(tx -> reconciler.applyAll(descending));
                    return null;
                });
                Future<?> outcomes = threads.submit(() -> {
                    start.await();
                    transactions.executeWithoutResult(tx -> {
                        locks.lockInIdOrder(ids);
                        jdbc.sql("UPDATE outbound_message SET updated_at = now() WHERE id IN (:ids)")
                                .param("ids", ids).update();
                    });
                    return null;
                });
                statuses.get();
                outcomes.get();
            }
        }

        assertThat(jdbc.sql("SELECT count(*) FROM outbound_message WHERE id IN (:ids) AND status = 'DELIVERED'")
                .param("ids", ids).query(Long.class).single()).isEqualTo(SENDS);
    }

    private EventEnvelope<DeliveryStatusReported> delivered(long id) {
        String wamid = jdbc.sql("SELECT provider_message_id FROM outbound_message WHERE id = :id")
                .param("id", id).query(String.class).single();
        DeliveryStatusReported status = new DeliveryStatusReported(Fixtures.BUSINESS, Channel.META_CLOUD, wamid,
                DeliveryState.DELIVERED, Instant.now(), null, Long.toString(id), List.of(), null,
                "wh-" + UUID.randomUUID(), Map.of());
        return new EventEnvelope<>(UUID.randomUUID().toString(), "DeliveryStatusReported", "test", Instant.now(),
                null, Topics.STATUS, 0, id, wamid, status);
    }
}
