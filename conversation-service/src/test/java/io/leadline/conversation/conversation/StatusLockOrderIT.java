package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.status;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Instant;
import java.util.List;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll batch of statuses and a poll batch of sends take the same messages' locks, each in one transaction. Real
 * threads, real transactions: the statuses arrive in one order while the sends' batch locks in another, round after
 * round; a deadlock would fail one of the two.
 */
@SpringBootTest(classes = ConversationApplication.class)
@LeadlineIntegrationTest
class StatusLockOrderIT {

    private static final int MESSAGES = 40;
    private static final int ROUNDS = 25;

    @Autowired
    DeliveryStatuses statuses;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchOfStatusesAndABatchOfSendsOnTheSameMessagesWaitForEachOtherInsteadOfDeadlocking() throws Exception {
        List<String> wamids = IntStream.range(0, MESSAGES).mapToObj(i -> wamid()).toList();
        List<EventEnvelope<DeliveryStatusReported>> batch = wamids.stream().map(this::delivered).toList();
        List<String> keys = wamids.reversed().stream().map(w -> DeliveryStatuses.key(Fixtures.BUSINESS, w)).toList();

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> reported = threads.submit(() -> {
                    start.await();
                    statuses.reportAll(batch);
                    return null;
                });
                Future<?> sends = threads.submit(() -> {
                    start.await();
                    transactions.executeWithoutResult(tx -> statuses.lockInOrder(keys));
                    return null;
                });
                reported.get();
                sends.get();
            }
        }

        // None of the messages is stored yet: every status waits for its message, once.
        assertThat(jdbc.sql("SELECT count(DISTINCT provider_message_id) FROM parked_status WHERE provider_message_id IN (:ids)")
                .param("ids", wamids).query(Long.class).single()).isEqualTo(MESSAGES);
    }

    private EventEnvelope<DeliveryStatusReported> delivered(String wamid) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "DeliveryStatusReported", "test", Instant.now(), null,
                Topics.STATUS, 0, 0, wamid, status(wamid, DeliveryState.DELIVERED, Instant.now()));
    }
}
