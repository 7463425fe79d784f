package io.leadline.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.IngestTopics;
import io.leadline.ingest.WebhookClient;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayWebhookIT {

    private static final String SECRET = "test-gateway-secret";
    private static final String PATH = "/webhooks/gateway";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void evolutionWahaAndBaileysBodiesWithTheirCredentialsArePublishedPerBusinessAndSender() {
        WebhookClient client = new WebhookClient(port);
        byte[] evolution = Fixtures.bytes("gateway/evolution-lid-text.json");
        byte[] waha = Fixtures.bytes("gateway/waha-message.json");
        byte[] baileys = Fixtures.bytes("gateway/baileys-upsert.json");
        try (TopicProbe inbound = TopicProbe.fromNow(KafkaBroker.shared().bootstrapServers(), Topics.INBOUND)) {

            assertThat(client.post(PATH, evolution).statusCode()).isEqualTo(200);
            assertThat(client.post(PATH, waha, "X-Webhook-Hmac",
                    HmacSignature.hex(waha, SECRET, HmacSignature.SHA512), "X-Webhook-Hmac-Algorithm", "sha512")
                    .statusCode()).isEqualTo(200);
            assertThat(client.post(PATH, baileys, "X-Webhook-Signature",
                    HmacSignature.hex(baileys, SECRET, HmacSignature.SHA256)).statusCode()).isEqualTo(200);

            // The Baileys body's group reaction is group traffic: archived, not published.
            assertThat(inbound.awaitCount(r -> true, 4, WAIT)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                    "demo-id:6281312345678", "demo-il:972501234567", "demo-id:6281312345678",
                    "demo-id:6281312345678");
        }
    }

    @Test
    void groupMessagesAreArchivedAndCountedButNeverPublishedAsSomeonesMessage() {
        WebhookClient client = new WebhookClient(port);
        byte[] evolution = Fixtures.bytes("gateway/evolution-group.json");
        byte[] waha = Fixtures.bytes("gateway/waha-group.json");
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        double before = groupCount();
        try (TopicProbe raw = TopicProbe.fromNow(bootstrap, Topics.WEBHOOKS_RAW);
                TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {

            assertThat(client.post(PATH, evolution).statusCode()).isEqualTo(200);
            assertThat(client.post(PATH, waha, "X-Webhook-Hmac", HmacSignature.hex(waha, SECRET, HmacSignature.SHA512))
                    .statusCode()).isEqualTo(200);

            assertThat(raw.awaitCount(r -> true, 2, WAIT)).extracting(TopicProbe::value)
                    .anySatisfy(value -> assertThat(value).contains(base64(evolution)))
                    .anySatisfy(value -> assertThat(value).contains(base64(waha)));
            assertThat(groupCount()).isEqualTo(before + 2);
            // A message sent after them is the first and only one on the inbound topic.
            assertThat(client.post(PATH, Fixtures.bytes("gateway/evolution-lid-text.json")).statusCode())
                    .isEqualTo(200);
            assertThat(inbound.awaitCount(r -> true, 1, WAIT)).singleElement()
                    .satisfies(r -> assertThat(TopicProbe.value(r)).contains("3EB0C431C26A1916E07E"));
        }
    }

    private double groupCount() {
        return meters.counter("leadline.webhooks.archived.only", "source", "GATEWAY", "reason", "group").count();
    }

    private static String base64(byte[] body) {
        return Base64.getEncoder().encodeToString(body);
    }

    @Test
    void aTamperedBodyAWrongSecretAMissingCredentialOrASignatureOverReserializedJsonAreRefusedAndNothingIsPublished() {
        WebhookClient client = new WebhookClient(port);
        byte[] waha = Fixtures.bytes("gateway/waha-message.json");
        byte[] baileys = Fixtures.bytes("gateway/baileys-upsert.json");
        String evolution = new String(Fixtures.bytes("gateway/evolution-lid-text.json"), StandardCharsets.UTF_8);
        try (IngestTopics topics = IngestTopics.fromNow()) {
            List<HttpResponse<String>> refused = new ArrayList<>();
            refused.addAll(hmacAttempts(client, waha, "Sunday", "X-Webhook-Hmac", HmacSignature.SHA512));
            refused.add(client.post(PATH, waha, "X-Webhook-Hmac", HmacSignature.hex(waha, SECRET, HmacSignature.SHA256)));
            refused.addAll(hmacAttempts(client, baileys, "Kantor", "X-Webhook-Signature", HmacSignature.SHA256));
            // Evolution's only credential is the apikey in the body: a wrong or a missing one.
            refused.add(client.post(PATH, bytes(evolution.replace(SECRET, "guessed-key"))));
            refused.add(client.post(PATH, bytes(evolution.replace("\"apikey\": \"" + SECRET + "\"", "\"x\": 1"))));
            refused.add(client.post(PATH, bytes("{\"hello\":\"gateway\"}")));

            assertThat(refused).hasSize(12).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            });
            topics.assertNothingPublishedBeforeAMarker(client);
        }
    }

    /** Tampered body, wrong secret, no header, and a signature over the re-serialized JSON instead of the bytes. */
    private List<HttpResponse<String>> hmacAttempts(WebhookClient client, byte[] body, String word, String header,
            String algorithm) {
        byte[] tampered = bytes(new String(body, StandardCharsets.UTF_8).replace(word, word.toUpperCase()));
        byte[] reserialized = Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body));
        assertThat(tampered).isNotEqualTo(body);
        assertThat(reserialized).isNotEqualTo(body);
        return List.of(
                client.post(PATH, tampered, header, HmacSignature.hex(body, SECRET, algorithm)),
                client.post(PATH, body, header, HmacSignature.hex(body, "other-secret", algorithm)),
                client.post(PATH, body),
                client.post(PATH, body, header, HmacSignature.hex(reserialized, SECRET, algorithm)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
