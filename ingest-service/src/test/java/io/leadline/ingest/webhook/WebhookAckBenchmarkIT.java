package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.IngestApplication;
import io.leadline.testkit.http.KeepAliveHttpClient;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.leadline.testkit.whatsapp.WebhookDelivery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Webhook acknowledgement latency and throughput: an open-loop generator sends signed Meta webhooks at a fixed rate
 * (1,000/s by default) whatever the answers do, and times each from its scheduled send (so a stall is counted against
 * every request it delays, not hidden) to the 200, which ingest gives only after the real broker acknowledged the
 * archive record and the inbound event. Reports figures; asserts only that every webhook was accepted and stored.
 *
 * <p>At most {@code bench.connections} requests are outstanding, over as many kept-alive connections (each holds a
 * socket on both sides, and a stalled machine would otherwise run out of file descriptors); a request waiting for
 * one still counts from its scheduled time. The generator shares the service's two cores, so it is kept cheap: a
 * plain socket client ({@link KeepAliveHttpClient}; the JDK's HttpClient took more CPU than Tomcat did), and each
 * webhook built just before its time rather than all of them held in memory. The warm-up is 20 s: after 5 s the JIT
 * still took a fifth of the CPU through the measured window, which measured compilation rather than a running
 * service. Settings: {@code -Dbench.rate=1000 -Dbench.seconds=20 -Dbench.warmup=20 -Dbench.connections=256}.
 */
@Tag("benchmark")
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.io.leadline=warn", "logging.level.org.apache.kafka=warn",
                "management.metrics.distribution.percentiles.leadline.webhooks.ack=0.5,0.99"})
class WebhookAckBenchmarkIT {

    private static final String SECRET = "test-app-secret";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void webhookAcknowledgementLatencyAtAFixedRate() throws Exception {
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int connections = Integer.getInteger("bench.connections", 256);
        try (var http = new KeepAliveHttpClient(URI.create("http://127.0.0.1:" + port), connections)) {
            var meta = new WebhookDelivery(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"), SECRET, http);
            measure(meta, rate, seconds, warmup, connections);
        }
    }

    private void measure(WebhookDelivery meta, int rate, int seconds, int warmup, int connections) throws Exception {
        run(meta, rate, warmup, connections, "warmup");
        try (TopicProbe inbound = TopicProbe.fromNow(KafkaBroker.shared().bootstrapServers(), Topics.INBOUND)) {
            Result result = run(meta, rate, seconds, connections, "measured");
            String report = result.report(rate, seconds) + serverSide();
            System.out.println(report);
            Files.writeString(Path.of("target", "benchmark-webhook-ack.txt"), report + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);

            // Every 200 was acknowledged by the broker: its event is there (a 503 under overload is allowed, and counted).
            int accepted = rate * seconds - result.failures();
            assertThat(inbound.awaitCount(r -> true, accepted, Duration.ofSeconds(120))).hasSizeGreaterThanOrEqualTo(accepted);
        }
    }

    /** Inside ingest (body read → last acknowledgement), over warm-up and measurement together. */
    private String serverSide() {
        Timer ack = meters.get("leadline.webhooks.ack").timer();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "; in ingest: mean %.2f ms",
                ack.mean(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile value : ack.takeSnapshot().percentileValues()) {
            text.append(String.format(Locale.ROOT, ", p%.0f %.2f ms", value.percentile() * 100,
                    value.value(TimeUnit.MILLISECONDS)));
        }
        return text.toString();
    }

    private Result run(WebhookDelivery meta, int rate, int seconds, int connections, String phase) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        Semaphore outstanding = new Semaphore(connections);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                // Each webhook is built just before its time, not all of them before the run: tens of megabytes of
                // prebuilt requests were the harness's live data, and the young collections in the window spent
                // 35 ms pauses copying them (a profile showed it).
                byte[] body = MetaWebhooks.textMessage("15550000001", "62813" + String.format("%08d", i % 5000),
                        "Bench", "wamid.bench-" + phase + "-" + System.nanoTime() + "-" + i, "Halo " + i, Instant.now());
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                outstanding.acquire();
                senders.submit(() -> {
                    if (meta.post(body) != 200) {
                        failures.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - scheduled;
                    outstanding.release();
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        return new Result(latencies, failures.get(), elapsed);
    }

    private record Result(long[] latencies, int failures, long elapsedNanos) {

        String report(int rate, int seconds) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return String.format(Locale.ROOT,
                    "ingest webhook ack @ %d req/s for %d s (open loop): %d requests, %d non-200, throughput %.0f req/s,"
                            + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                    rate, seconds, sorted.length, failures, sorted.length / (elapsedNanos / 1e9),
                    ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                    sorted[sorted.length - 1] / 1e6);
        }

        private static double ms(long[] sorted, double quantile) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }
}
