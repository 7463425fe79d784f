package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Topics;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingest on a broker of its own, which the test stops and starts again: a real outage, not a mock. Ingest owns no
 * database, so this context needs none.
 */
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"leadline.ingest.max-in-flight=8", "leadline.platform.admin-token=test-admin-token",
                "leadline.ingest.replay-timeout=3s",
                "logging.level.org.apache.kafka=error", "logging.level.kafka=error",
                "logging.level.state.change.logger=error"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class BrokerOutageIT {

    private static final String SECRET = "test-app-secret";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(3);
    private static final KafkaBroker BROKER = startOwnBroker();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private static KafkaBroker startOwnBroker() {
        try {
            KafkaBroker broker = KafkaBroker.persistent(Files.createTempDirectory("ingest-outage-kafka-"),
                    KafkaBroker.freePort(), KafkaBroker.freePort()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "ingest-outage-kafka-shutdown"));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    private HttpResponse<String> post(WebhookClient client, String wamid) {
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", wamid, "Halo", Instant.now());
        return client.post("/webhooks/whatsapp", body, "X-Hub-Signature-256", MetaWebhooks.signature(body, SECRET));
    }

    @Test
    void whileTheBrokerIsDownEveryWebhookGets503WithinTheBoundAndEvery200WasReallyStored() throws Exception {
        WebhookClient client = new WebhookClient(port);
        List<String> acknowledged = new ArrayList<>();
        try (TopicProbe inbound = TopicProbe.fromNow(BROKER.bootstrapServers(), Topics.INBOUND)) {
            // Warm: on a loaded machine the very first send may spend the whole timeout fetching metadata.
            await().atMost(Duration.ofSeconds(60)).until(() -> post(client, "wamid.before").statusCode() == 200);
            acknowledged.add("wamid.before");

            double unavailableBefore = received("broker_unavailable");
            double overloadedBefore = received("overloaded");
            BROKER.stop();
            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String wamid = "wamid.outage-" + i;
                byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", wamid, "Halo",
                        Instant.now());
                burst.add(client.postAsync("/webhooks/whatsapp", body, "X-Hub-Signature-256",
                        MetaWebhooks.signature(body, SECRET)));
            }
            List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();
            Duration burstTook = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            });
            // 40 concurrent webhooks, at most 8 of them waiting: all answered in about one timeout, not forty.
            assertThat(burstTook).isLessThan(ACK_TIMEOUT.multipliedBy(3));
            long overloaded = answers.stream().filter(a -> a.body().contains("\"reason\":\"overloaded\"")).count();
            assertThat(overloaded).isGreaterThanOrEqualTo(32);
            assertThat(meters.get("leadline.webhooks.in.flight").gauge().value()).isZero();
            // Each 503 counted once, under the reason it was answered with.
            assertThat(received("overloaded")).isEqualTo(overloadedBefore + overloaded);
            assertThat(received("broker_unavailable")).isEqualTo(unavailableBefore + 40 - overloaded);

            BROKER.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String wamid = "wamid.after-" + System.nanoTime();
                if (post(client, wamid).statusCode() == 200) {
                    acknowledged.add(wamid);
                    return true;
                }
                return false;
            });

            Set<String> stored = inbound.awaitUntil(records -> idsOf(records).containsAll(acknowledged),
                    Duration.ofSeconds(60)).stream().collect(Collectors.collectingAndThen(Collectors.toList(),
                            BrokerOutageIT::idsOf));
            assertThat(stored).containsAll(acknowledged);
        }
    }

    @Test
    void aReplayWhileTheBrokerIsDownStopsWithinItsTimeoutWithAProblemInsteadOfHanging() throws Exception {
        HttpRequest replay = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/ingest/replay?fromOffset=0"))
                .header("Authorization", "Bearer test-admin-token").POST(HttpRequest.BodyPublishers.noBody()).build();
        BROKER.stop();
        try {
            long started = System.nanoTime();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(replay, HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).contains("\"reason\":\"replay_incomplete\"")
                    .contains("leadline.ingest.replay-timeout is PT3S");
            assertThat(took).isLessThan(REPLAY_TIMEOUT.plusSeconds(3));
        } finally {
            BROKER.start();
        }
    }

    private double received(String outcome) {
        return meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", outcome).count();
    }

    private static Set<String> idsOf(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(TopicProbe::value)
                .map(json -> json.replaceAll(".*\"providerMessageId\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
    }
}
