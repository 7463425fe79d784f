package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A send the real broker's producer refuses, and what the log then says about it. Inbound keys are
 * {@code businessId:phone}; a full phone number in a log line is a leak.
 */
@ExtendWith(OutputCaptureExtension.class)
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProducerFailureLogIT {

    private static final String PHONE = "6281398765432";

    @LocalServerPort
    int port;

    @Test
    void aFailedSendIsLoggedByTopicAndMaskedKeyAndNeverWithTheCustomersPhoneNumber(CapturedOutput output) {
        // The archive holds the body (base64: 4/3 of it), but the inbound event carries the text twice (text and
        // the message's raw JSON): over the producer's 1 MiB request limit, so that one send fails.
        String text = "x".repeat(600_000);
        byte[] body = MetaWebhooks.textMessage("15550000001", PHONE, "Ayu", "wamid.too-large-" + System.nanoTime(),
                text, Instant.now());

        HttpResponse<String> response = new WebhookClient(port).post("/webhooks/whatsapp", body,
                "X-Hub-Signature-256", MetaWebhooks.signature(body, "test-app-secret"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(output.getOut()).contains("Send to topic " + Topics.INBOUND + " partition ")
                .contains("with key demo-id:***5432 failed").contains("RecordTooLargeException");
        assertThat(output.getAll()).doesNotContain(PHONE);
    }
}
