package io.leadline.testkit.whatsapp;

import io.leadline.testkit.http.KeepAliveHttpClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Posts webhook bodies to the ingest service the way Meta does: signed with the app secret
 * ({@code X-Hub-Signature-256} over the raw bytes), and, like Meta under retries, possibly several times,
 * concurrently and out of order.
 *
 * @param webhookUrl the ingest's {@code /webhooks/whatsapp}
 */
public record WebhookDelivery(URI webhookUrl, String appSecret, KeepAliveHttpClient http) {

    /**
     * Webhooks posted at once, each on its own connection: as many as the ingest takes at once by default (its
     * max-in-flight); more wait for a connection. Without a bound, a saturated ingest let the simulator's status
     * webhooks (three per reply) pile up sockets until the JVM the benchmark shares with the stack ran out of file
     * descriptors. High enough not to hold back the 600 statuses a second of 200 replies a second.
     */
    static final int MAX_CONNECTIONS = 1024;

    public WebhookDelivery(String webhookUrl, String appSecret) {
        this(URI.create(webhookUrl), appSecret, new KeepAliveHttpClient(URI.create(webhookUrl), MAX_CONNECTIONS));
    }

    /** Posts once; answers the HTTP status, or -1 when the ingest could not be reached. */
    public int post(byte[] body) {
        try {
            return http.post(webhookUrl.getRawPath(), Map.of("Content-Type", "application/json",
                    "X-Hub-Signature-256", MetaWebhooks.signature(body, appSecret)), body);
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Delivers every body {@code times} times; {@code concurrently} posts them all at once on their own threads,
     * {@code shuffled} in a random order. Answers the statuses in the order the posts were made.
     */
    public List<Integer> deliver(List<byte[]> bodies, int times, boolean concurrently, boolean shuffled) {
        List<byte[]> posts = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            posts.addAll(bodies);
        }
        if (shuffled) {
            Collections.shuffle(posts);
        }
        if (!concurrently) {
            return posts.stream().map(this::post).toList();
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = posts.stream().map(body -> threads.submit(() -> post(body))).toList();
            return answers.stream().map(WebhookDelivery::join).toList();
        }
    }

    private static int join(Future<Integer> answer) {
        try {
            return answer.get();
        } catch (Exception e) {
            return -1;
        }
    }
}
