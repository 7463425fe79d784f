package io.leadline.localstack.chaos;

import io.leadline.testkit.whatsapp.WebhookDelivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Posts webhooks the way Meta does under trouble: a webhook not answered 200 (the ingest killed, the broker down)
 * is posted again until it is. The deliveries are spread evenly over a window, as customers write over time, so a
 * chaos monkey hitting any moment of that window hits work in flight.
 */
final class MetaRetries {

    private static final int CONCURRENCY = 16;

    private final WebhookDelivery ingest;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();

    MetaRetries(String webhookUrl, String appSecret) {
        this.ingest = new WebhookDelivery(webhookUrl, appSecret);
    }

    /** Deliveries not answered 200 yet, the ones not even posted included. */
    int outstanding() {
        return outstanding.get();
    }

    /** Posts that were answered otherwise than 200 (or not at all) and were posted again. */
    int retried() {
        return retried.get();
    }

    /** Returns once every delivery has been answered 200. */
    void deliverSpreadOver(List<byte[]> deliveries, Duration window) throws InterruptedException {
        outstanding.set(deliveries.size());
        long start = System.nanoTime();
        long spacing = window.toNanos() / Math.max(1, deliveries.size());
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < deliveries.size(); i++) {
                // Deliberate pacing, not a wait for a condition: the load is a rate over the window.
                LockSupport.parkNanos(start + i * spacing - System.nanoTime());
                byte[] body = deliveries.get(i);
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        while (ingest.post(body) != 200) {
                            retried.incrementAndGet();
                            Thread.sleep(200);
                        }
                        outstanding.decrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
    }
}
