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
import java.util.Comparator;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-conversation send clock under concurrency and throttling, measured where it matters: when the simulator
 * received the requests. Four dispatcher threads claim one row each; the number's bucket gives 3 tokens a second,
 * so most rows wait for a token, and a reply that waited long must still not arrive within 2 s of the next one.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.dispatcher.workers=4",
        "leadline.outbound.dispatcher.batch-size=1",
        "leadline.outbound.dispatcher.poll-interval=50ms",
        "leadline.outbound.pacing.messages-per-second=3",
        "leadline.outbound.pacing.conversation-gap=2s"})
@LeadlineIntegrationTest
class SendClockIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration GAP = Duration.ofSeconds(2);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void threeRepliesToOneConversationReachWhatsAppTwoSecondsApartAndNoneIsDropped() throws Exception {
        List<String> otherWaIds = List.of(Fixtures.waId(), Fixtures.waId(), Fixtures.waId(), Fixtures.waId(),
                Fixtures.waId(), Fixtures.waId());
        // The other conversations' rows come first, so the busy conversation's first reply queues for a token.
        transactions.executeWithoutResult(tx -> otherWaIds.forEach(waId ->
                outboundLog.accept(intent(Fixtures.nextId(), waId, "service", Fixtures.nextId()))));
        long busy = Fixtures.nextId();
        String busyWaId = Fixtures.waId();
        CyclicBarrier start = new CyclicBarrier(3);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> accepted = new ArrayList<>();
            for (String question : List.of("service", "budget", "location")) {
                accepted.add(pool.submit(() -> {
                    start.await();
                    return outboundLog.accept(intent(busy, busyWaId, question, Fixtures.nextId()));
                }));
            }
            for (Future<?> future : accepted) {
                future.get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> simulator.sendsTo(busyWaId).size() == 3
                && sentRows(busy) == 3);
        List<RecordedSend> received = simulator.sendsTo(busyWaId).stream()
                .sorted(Comparator.comparing(RecordedSend::receivedAt)).toList();
        for (int i = 1; i < received.size(); i++) {
            assertThat(Duration.between(received.get(i - 1).receivedAt(), received.get(i).receivedAt()))
                    .as("between the requests of replies %d and %d", i, i + 1).isGreaterThanOrEqualTo(GAP);
        }
        assertThat(received).extracting(RecordedSend::callbackData).doesNotHaveDuplicates();
        // The busy conversation's clock holds back only its own replies.
        Instant secondBusy = received.get(1).receivedAt();
        for (String other : otherWaIds) {
            assertThat(simulator.sendsTo(other)).singleElement()
                    .satisfies(send -> assertThat(send.receivedAt()).isBefore(secondBusy));
        }
    }

    private long sentRows(long conversation) {
        return jdbc.sql("SELECT count(*) FROM outbound_message WHERE conversation_id = :c AND status = 'SENT'")
                .param("c", conversation).query(Long.class).single();
    }
}
