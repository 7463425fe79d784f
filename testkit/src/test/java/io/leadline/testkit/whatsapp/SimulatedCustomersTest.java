package io.leadline.testkit.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedCustomersTest {

    private static final int SENDS = WebhookDelivery.MAX_CONNECTIONS + 100;

    private final WhatsAppSimulator simulator = WhatsAppSimulator.start(0, null);
    private final HttpClient http = HttpClient.newHttpClient();
    private final StalledIngest ingest = new StalledIngest();

    @AfterEach
    void stop() {
        ingest.release.countDown();
        ingest.server.stop(0);
        simulator.close();
    }

    @Test
    void statusWebhooksToAStalledIngestAreBoundedInFlightAndAllArriveOnceItAnswers() throws Exception {
        simulator.deliverWebhooksTo(ingest.url(), "secret");

        for (int i = 0; i < SENDS; i++) {
            assertThat(send("62813" + String.format("%08d", i))).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ingest.inFlight.get() == WebhookDelivery.MAX_CONNECTIONS);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> ingest.mostInFlight.get() == WebhookDelivery.MAX_CONNECTIONS);

        ingest.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> ingest.answered.get() == 3 * SENDS);
        assertThat(ingest.mostInFlight.get()).isEqualTo(WebhookDelivery.MAX_CONNECTIONS);
    }

    private int send(String to) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v21.0/15550000001/messages"))
                        .header("Authorization", "Bearer any")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"messaging_product":"whatsapp","to":"%s","type":"text","text":{"body":"x"}}"""
                                .formatted(to)))
                        .build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An ingest that holds every webhook until released, counting how many it holds at once. */
    private static final class StalledIngest {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final HttpServer server;

        StalledIngest() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2 * SENDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    release.await(30, TimeUnit.SECONDS);
                    inFlight.decrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    answered.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/whatsapp";
        }
    }
}
