package io.leadline.testkit.whatsapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
public record WebhookDelivery(URI webhookUrl, String appSecret, HttpClient http) {

    public WebhookDelivery(String webhookUrl, String appSecret) {
        this(URI.create(webhookUrl), appSecret,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Posts once; answers the HTTP status, or -1 when the ingest could not be reached. */
    public int post(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(webhookUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaWebhooks.signature(body, appSecret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
