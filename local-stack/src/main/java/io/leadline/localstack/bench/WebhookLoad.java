package io.leadline.localstack.bench;

import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.leadline.testkit.whatsapp.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Signed Meta webhooks at a fixed rate, open loop: each one leaves at its planned time whatever the previous ones
 * are doing, and its latency counts from that planned time, so a slow stack cannot hide its queueing
 * (no coordinated omission). One new customer per webhook, so each one's reply is told apart by its phone.
 *
 * <p>At most {@link #MAX_OUTSTANDING} webhooks are outstanding, as many as the ingest takes at once by default
 * ({@code leadline.ingest.max-in-flight}): each holds a socket on both sides of the one JVM, and a saturated stack
 * would otherwise collect sockets until the process runs out of file descriptors. A webhook waiting for its turn
 * still counts from its planned time.
 */
final class WebhookLoad {

    /** One webhook: who it came from, when it was planned to leave, and how the ingest answered. */
    record Sent(String waId, Instant plannedAt, long ackMicros, int status) {
    }

    static final int MAX_OUTSTANDING = 1024;

    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final WebhookDelivery ingest;
    private final String phoneNumberId;

    WebhookLoad(String ingestUrl, String appSecret, String phoneNumberId) {
        this.ingest = new WebhookDelivery(ingestUrl + "/webhooks/whatsapp", appSecret);
        this.phoneNumberId = phoneNumberId;
    }

    /** Sends {@code rate × duration} webhooks; customer phones start at {@code firstCustomer}. */
    List<Sent> run(int rate, Duration duration, long firstCustomer) throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        long interval = 1_000_000_000L / rate;
        Instant startWall = Instant.now();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long planned = start + i * interval;
                long wait = planned - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String waId = "62813" + String.format("%08d", firstCustomer + i);
                Instant plannedAt = startWall.plusNanos(planned - start);
                outstanding.acquire();
                senders.submit(() -> {
                    try {
                        sent.add(send(waId, plannedAt, planned));
                    } finally {
                        outstanding.release();
                    }
                });
            }
        }
        return List.copyOf(sent);
    }

    private Sent send(String waId, Instant plannedAt, long plannedNanos) {
        byte[] body = MetaWebhooks.textMessage(phoneNumberId, waId, "Bench " + waId.substring(5), "wamid.BENCH" + waId,
                "Halo, saya mau tanya harga", plannedAt);
        int status = ingest.post(body);
        return new Sent(waId, plannedAt, (System.nanoTime() - plannedNanos) / 1_000, status);
    }
}
