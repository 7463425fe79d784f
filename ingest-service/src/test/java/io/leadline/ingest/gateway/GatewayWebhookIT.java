package io.leadline.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
    void aWrongApikeyAnUnsignedWahaBodyOrAWrongBaileysSignatureIsRefused() {
        WebhookClient client = new WebhookClient(port);
        byte[] evolution = new String(Fixtures.bytes("gateway/evolution-lid-text.json"), StandardCharsets.UTF_8)
                .replace("test-gateway-secret", "guessed-key").getBytes(StandardCharsets.UTF_8);
        byte[] waha = Fixtures.bytes("gateway/waha-message.json");
        byte[] baileys = Fixtures.bytes("gateway/baileys-upsert.json");

        assertThat(client.post(PATH, evolution).statusCode()).isEqualTo(401);
        assertThat(client.post(PATH, waha).statusCode()).isEqualTo(401);
        assertThat(client.post(PATH, waha, "X-Webhook-Hmac", HmacSignature.hex(waha, SECRET, HmacSignature.SHA256))
                .statusCode()).isEqualTo(401);
        assertThat(client.post(PATH, baileys, "X-Webhook-Signature",
                HmacSignature.hex(baileys, "other", HmacSignature.SHA256)).statusCode()).isEqualTo(401);
    }
}
