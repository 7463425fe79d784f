package io.leadline.ingest.kapso;

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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
    void aTamperedBodyAWrongSecretAMissingHeaderOrASignatureOverReserializedJsonAreRefusedAndNothingIsPublished() {
        byte[] body = Fixtures.bytes("kapso/message-received.json");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Halo", "HALO")
                .getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body));
        assertThat(reserialized).isNotEqualTo(body);
        WebhookClient client = new WebhookClient(port);
        try (IngestTopics topics = IngestTopics.fromNow()) {

            List<HttpResponse<String>> refused = List.of(
                    post(client, tampered, "X-Webhook-Signature", sign(body, SECRET)),
                    post(client, body, "X-Webhook-Signature", sign(body, "not-the-secret")),
                    post(client, body),
                    post(client, body, "X-Webhook-Signature", sign(reserialized, SECRET)));

            assertThat(refused).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            });
            topics.assertNothingPublishedBeforeAMarker(client);
        }
    }

    private static HttpResponse<String> post(WebhookClient client, byte[] body, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "X-Webhook-Event";
        all[headers.length + 1] = "whatsapp.message.received";
        return client.post("/webhooks/kapso", body, all);
    }

    private static String sign(byte[] body, String secret) {
        return HmacSignature.hex(body, secret, HmacSignature.SHA256);
    }
}
