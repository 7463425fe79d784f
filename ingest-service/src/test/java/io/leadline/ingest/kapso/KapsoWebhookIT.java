package io.leadline.ingest.kapso;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KapsoWebhookIT {

    private static final String SECRET = "test-kapso-secret";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Test
    void aSignedBatchIsArchivedWithItsIdempotencyKeyAndGivesOneInboundEventPerMessage() {
        byte[] body = Fixtures.bytes("kapso/batch-received.json");
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        try (TopicProbe raw = TopicProbe.fromNow(bootstrap, Topics.WEBHOOKS_RAW);
                TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {

            var response = new WebhookClient(port).post("/webhooks/kapso", body,
                    "X-Webhook-Signature", HmacSignature.hex(body, SECRET, HmacSignature.SHA256),
                    "X-Webhook-Event", "whatsapp.message.received", "X-Webhook-Batch", "true",
                    "X-Idempotency-Key", "3f2b9c1e-kapso-batch", "X-Webhook-Payload-Version", "v2");

            assertThat(response.statusCode()).isEqualTo(200);
            ConsumerRecord<String, byte[]> archived = raw.awaitCount(r -> true, 1, WAIT).getFirst();
            assertThat(TopicProbe.value(archived)).contains("\"source\":\"KAPSO\"")
                    .contains("\"x-idempotency-key\":\"3f2b9c1e-kapso-batch\"");
            assertThat(inbound.awaitCount(r -> true, 3, WAIT)).extracting(ConsumerRecord::key).containsExactly(
                    "demo-id:6281312345678", "demo-id:6281312345678", "demo-id:ID.5566778899001122");
        }
    }

    @Test
    void aKapsoWebhookSignedWithAnotherSecretOrUnsignedIsRefused() {
        byte[] body = Fixtures.bytes("kapso/message-received.json");
        WebhookClient client = new WebhookClient(port);

        assertThat(client.post("/webhooks/kapso", body, "X-Webhook-Signature",
                HmacSignature.hex(body, "not-the-secret", HmacSignature.SHA256)).statusCode()).isEqualTo(401);
        assertThat(client.post("/webhooks/kapso", body).statusCode()).isEqualTo(401);
    }
}
