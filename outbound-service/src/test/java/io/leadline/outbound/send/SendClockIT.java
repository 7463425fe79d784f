package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The per-conversation send clock under concurrency: four dispatcher threads, one row per claim. */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.dispatcher.workers=4",
        "leadline.outbound.dispatcher.batch-size=1",
        "leadline.outbound.dispatcher.poll-interval=50ms",
        "leadline.outbound.pacing.conversation-gap=2s"})
@LeadlineIntegrationTest
class SendClockIT {

    private static final WhatsAppSimulator simulator = Simulator.shared();

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    JdbcClient jdbc;

    @Test
    void threeRepliesToOneConversationGoOutTwoSecondsApartAndNoneIsDropped() throws Exception {
        long busy = Fixtures.nextId();
        String busyWaId = Fixtures.waId();
        List<Long> others = List.of(Fixtures.nextId(), Fixtures.nextId(), Fixtures.nextId());
        CyclicBarrier start = new CyclicBarrier(6);
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> accepted = new ArrayList<>();
            for (String question : List.of("service", "budget", "location")) {
                accepted.add(pool.submit(() -> {
                    start.await();
                    return outboundLog.accept(intent(busy, busyWaId, question, Fixtures.nextId()));
                }));
            }
            for (long other : others) {
                accepted.add(pool.submit(() -> {
                    start.await();
                    return outboundLog.accept(intent(other, Fixtures.waId(), "service", Fixtures.nextId()));
                }));
            }
            for (Future<?> future : accepted) {
                future.get();
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> sent(busy).size() == 3);
        List<Instant> claims = sent(busy);
        for (int i = 1; i < claims.size(); i++) {
            assertThat(Duration.between(claims.get(i - 1), claims.get(i)))
                    .as("gap between send %d and %d", i, i + 1).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
        List<RecordedSend> received = simulator.sendsTo(busyWaId);
        assertThat(received).hasSize(3);
        assertThat(received).extracting(RecordedSend::callbackData).doesNotHaveDuplicates();
        // The busy conversation's clock holds back only its own replies.
        for (long other : others) {
            assertThat(sent(other)).hasSize(1);
            assertThat(sent(other).getFirst()).isBefore(claims.get(1));
        }
    }

    /** When each SENT row of the conversation was claimed, in order. */
    private List<Instant> sent(long conversation) {
        return jdbc.sql("""
                SELECT sending_at FROM outbound_message WHERE conversation_id = :c AND status = 'SENT'
                ORDER BY sending_at
                """)
                .param("c", conversation)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .list();
    }
}
