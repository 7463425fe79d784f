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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
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

            assertThat(inbound.awaitCount(r -> true, 5, WAIT)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                    "demo-id:6281312345678", "demo-il:972501234567", "demo-id:6281312345678",
                    "demo-id:6281377788899", "demo-id:6281312345678");
        }
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
