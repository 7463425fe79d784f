package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sends per second from the outbound log to the simulator over real HTTP, with zero duplicate sends. Each run puts
 * {@value #SENDS} due rows (one per conversation, across the two configured business numbers) in the log at once,
 * then times the dispatcher until every one is SENT. Untimed rounds first, until the JIT's compile time falls under
 * a tenth of a round (at most {@value #MAX_WARM_UPS}: cold, the first round was about half as fast as the fourth),
 * then {@value #RUNS} timed rounds. Reports figures; asserts only correctness.
 */
@Tag("benchmark")
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.pacing.messages-per-second=1000",
        // A claim marks SENDING only as many rows as there are free places: at 1,000/s and ~30 ms per call on this
        // loaded machine, 32 places leave claims of a few rows each, and the claims' round trips become the limit.
        "leadline.outbound.graph.max-concurrent-requests=96",
        "leadline.outbound.dispatcher.batch-size=200",
        "leadline.outbound.dispatcher.workers=3",
        "leadline.outbound.dispatcher.poll-interval=50ms",
        "spring.datasource.hikari.maximum-pool-size=10",
        "logging.level.io.leadline=warn"})
@LeadlineIntegrationTest
class OutboundThroughputBenchmarkIT {

    private static final Logger log = LoggerFactory.getLogger(OutboundThroughputBenchmarkIT.class);
    private static final int SENDS = 20_000;
    private static final int RUNS = 3;
    private static final int MAX_WARM_UPS = 8;
    /** The JIT's compile time, as a share of a round's wall time, under which it counts as settled. */
    private static final double JIT_SETTLED = 0.10;

    private static final WhatsAppSimulator simulator = Simulator.start();

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DispatchSignal signal;

    @Test
    void sendsPerSecondToTheSimulatorWithZeroDuplicates() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        List<Double> rates = new ArrayList<>();
        int warmUps = 0;
        for (int round = 0; rates.size() < RUNS; round++) {
            long jitBefore = jit.getTotalCompilationTime();
            double seconds = sendAll((round + 1) * 1_000_000L);
            double jitShare = (jit.getTotalCompilationTime() - jitBefore) / 1000.0 / seconds;
            double rate = SENDS / seconds;
            // Timed rounds start once the JIT has settled: on this saturated machine C2 competes with the service
            // for the two cores for a minute or more, and the rounds climb until it is done.
            boolean warmUp = rates.isEmpty() && jitShare > JIT_SETTLED && warmUps < MAX_WARM_UPS;
            if (warmUp) {
                warmUps++;
            } else {
                rates.add(rate);
            }
            log.warn("BENCHMARK run {}: {} sends in {} s = {} sends/s; JIT compiling {} % of the round; duplicates 0",
                    warmUp ? round + " (warm-up)" : round, SENDS, String.format("%.2f", seconds),
                    String.format("%.0f", rate), String.format("%.0f", jitShare * 100));
        }
        List<Double> sorted = rates.stream().sorted().toList();
        log.warn("BENCHMARK outbound sends/s: runs {} median {} after {} warm-up rounds",
                rates.stream().map(r -> String.format("%.0f", r)).toList(),
                String.format("%.0f", sorted.get(sorted.size() / 2)), warmUps);
    }

    /** Puts {@value #SENDS} due rows in the log and times the dispatcher until all are SENT; checks each went once. */
    private double sendAll(long firstConversation) {
        simulator.reset();
        jdbc.sql("""
                INSERT INTO outbound_message (business_id, conversation_id, dedupe_key, reply_type, question_key,
                    text, recipient_phone, recipient_wa_id, last_inbound_at, next_attempt_at)
                SELECT CASE WHEN i % 2 = 0 THEN 'demo-id' ELSE 'demo-il' END, :first + i, 'bench-' || (:first + i),
                       'QUESTION', 'service', 'What service do you need?', '+6281300' || i, '6281300' || i,
                       now(), now() + interval '1 hour'
                FROM generate_series(1, :n) AS i
                """)
                .param("first", firstConversation)
                .param("n", SENDS)
                .update();

        long started = System.nanoTime();
        jdbc.sql("UPDATE outbound_message SET next_attempt_at = now() WHERE status = 'PENDING'").update();
        signal.wake();
        // The simulator's own count first: polling the table meanwhile cost PostgreSQL a sequential scan every
        // 50 ms, on the cores the sends need (60 ms each by the end of a run: half a core).
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> simulator.sendRequests() >= SENDS);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbound_message WHERE status = 'SENT' AND conversation_id > :first")
                .param("first", firstConversation).query(Long.class).single() == SENDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbox_event WHERE published_at IS NULL").query(Long.class).single() == 0);

        List<RecordedSend> sends = simulator.sends();
        Set<String> distinct = sends.stream().map(RecordedSend::callbackData).collect(Collectors.toSet());
        assertThat(sends).as("every row sent").hasSize(SENDS);
        assertThat(distinct).as("zero duplicate sends").hasSize(SENDS);
        return seconds;
    }
}
