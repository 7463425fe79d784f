package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sends the real producer refuses: the archive holds the body (base64, 4/3 of it), but the inbound event carries a
 * long text twice (text and the message's raw JSON), over the producer's 1 MiB request limit. The webhook is then
 * answered 503; what the log and the counters say about it is tested here.
 */
@ExtendWith(OutputCaptureExtension.class)
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusedSendIT {

    private static final String PHONE = "6281398765432";
    private static final String TOO_LONG = "x".repeat(600_000);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private HttpResponse<String> postSigned(byte[] body) {
        return new WebhookClient(port).post("/webhooks/whatsapp", body, "X-Hub-Signature-256",
                MetaWebhooks.signature(body, "test-app-secret"));
    }

    @Test
    void aFailedSendIsLoggedByTopicAndMaskedKeyAndNeverWithTheCustomersPhoneNumber(CapturedOutput output) {
        byte[] body = MetaWebhooks.textMessage("15550000001", PHONE, "Ayu", "wamid.too-large-" + System.nanoTime(),
                TOO_LONG, Instant.now());

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(output.getOut()).contains("Send to topic " + Topics.INBOUND + " partition ")
                .contains("with key demo-id:***5432 failed").contains("RecordTooLargeException");
        assertThat(output.getAll()).doesNotContain(PHONE);
    }

    @Test
    void aPartlyUnreadableWebhookTheBrokerRefusesIsCountedOnceAsBrokerUnavailableAndNeverAsParsed() {
        byte[] body = Fixtures.metaPartlyUnreadable(PHONE, "wamid.too-large-" + System.nanoTime(), TOO_LONG);
        double partly = count("partly_unparseable");
        double unparseable = count("unparseable");
        double unavailable = count("broker_unavailable");
        double accepted = count("accepted");

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(count("broker_unavailable")).isEqualTo(unavailable + 1);
        assertThat(count("partly_unparseable")).isEqualTo(partly);
        assertThat(count("unparseable")).isEqualTo(unparseable);
        assertThat(count("accepted")).isEqualTo(accepted);
    }

    private double count(String outcome) {
        return meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", outcome).count();
    }
}
