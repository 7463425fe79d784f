package io.leadline.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.IngestTopics;
import io.leadline.ingest.WebhookClient;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Meta webhooks refused over real HTTP: each a problem, counted by reason, with nothing published. */
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetaWebhookRefusalIT {

    private static final String SECRET = "test-app-secret";
    private static final String PATH = "/webhooks/whatsapp";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aTamperedBodyAWrongSecretAMissingHeaderOrASignatureOverReserializedJsonAreRefusedAndNothingIsPublished() {
        WebhookClient client = new WebhookClient(port);
        byte[] body = Fixtures.bytes("meta/several-entries.json");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("satu", "SATU")
                .getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body));
        assertThat(reserialized).isNotEqualTo(body);
        double before = received("bad_signature");
        try (IngestTopics topics = IngestTopics.fromNow()) {

            List<HttpResponse<String>> refused = List.of(
                    client.post(PATH, tampered, "X-Hub-Signature-256", MetaWebhooks.signature(body, SECRET)),
                    client.post(PATH, body, "X-Hub-Signature-256", MetaWebhooks.signature(body, "other")),
                    client.post(PATH, body),
                    client.post(PATH, body, "X-Hub-Signature-256", MetaWebhooks.signature(reserialized, SECRET)));

            assertThat(refused).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            });
            assertThat(received("bad_signature")).isEqualTo(before + 4);
            topics.assertNothingPublishedBeforeAMarker(client);
        }
    }

    @Test
    void malformedJsonTooLargeAndWrongContentTypeAreProblemsCountedByReasonWithNothingPublished() {
        WebhookClient client = new WebhookClient(port);
        byte[] notJson = "{\"entry\":[".getBytes(StandardCharsets.UTF_8);
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        byte[] body = Fixtures.bytes("meta/statuses.json");
        Map<String, Double> before = new LinkedHashMap<>();
        for (String reason : List.of("malformed_json", "too_large", "unsupported_media_type")) {
            before.put(reason, received(reason));
        }
        try (IngestTopics topics = IngestTopics.fromNow()) {

            HttpResponse<String> malformed = client.post(PATH, notJson, "X-Hub-Signature-256",
                    MetaWebhooks.signature(notJson, SECRET));
            HttpResponse<String> tooLarge = client.post(PATH, huge, "X-Hub-Signature-256",
                    MetaWebhooks.signature(huge, SECRET));
            HttpResponse<String> wrongType = client.postAs("text/plain", PATH, body, "X-Hub-Signature-256",
                    MetaWebhooks.signature(body, SECRET));

            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(wrongType.statusCode()).isEqualTo(415);
            for (HttpResponse<String> response : List.of(malformed, tooLarge, wrongType)) {
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).contains("\"status\":" + response.statusCode()).contains("\"reason\"");
            }
            before.forEach((reason, count) -> assertThat(received(reason)).as(reason).isEqualTo(count + 1));
            topics.assertNothingPublishedBeforeAMarker(client);
        }
    }

    @Test
    void aBodyWithoutADeclaredLengthIsReadUpToTheLimitOnly() {
        WebhookClient client = new WebhookClient(port);
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        byte[] body = Fixtures.bytes("meta/statuses.json");

        HttpResponse<String> tooLarge = client.postChunked(PATH, huge, "X-Hub-Signature-256",
                MetaWebhooks.signature(huge, SECRET));
        HttpResponse<String> withinTheLimit = client.postChunked(PATH, body, "X-Hub-Signature-256",
                MetaWebhooks.signature(body, SECRET));

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(withinTheLimit.statusCode()).as(withinTheLimit.body()).isEqualTo(200);
    }

    @Test
    void theSubscriptionHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        WebhookClient client = new WebhookClient(port);
        HttpResponse<String> right = client.get(PATH + "?hub.mode=subscribe&hub.verify_token=test-verify-token"
                + "&hub.challenge=1158201444");
        HttpResponse<String> wrong = client.get(PATH + "?hub.mode=subscribe&hub.verify_token=guess"
                + "&hub.challenge=1158201444");

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("1158201444");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201444");
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private double received(String outcome) {
        return meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", outcome).count();
    }
}
