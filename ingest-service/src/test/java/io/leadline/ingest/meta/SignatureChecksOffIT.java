package io.leadline.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The development setting that turns Meta's signature check off. The capture extension comes first, so that it
 * captures from before the application context starts.
 */
@ExtendWith(OutputCaptureExtension.class)
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leadline.ingest.meta.verify-signatures=false")
class SignatureChecksOffIT {

    @LocalServerPort
    int port;

    @Test
    void turningTheCheckOffIsWarnedAboutAtStartUpAndThenUnsignedWebhooksAreAccepted(CapturedOutput output) {
        assertThat(output.getOut()).containsPattern(" WARN .*MetaWebhookController +: Meta webhook signature checks "
                + "are OFF \\(leadline\\.ingest\\.meta\\.verify-signatures=false\\)");
        assertThat(output.getOut().indexOf("signature checks are OFF"))
                .as("warned while starting, before the application was ready")
                .isLessThan(output.getOut().indexOf("Started " + getClass().getSimpleName()));

        byte[] unsigned = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu",
                "wamid.unsigned-" + System.nanoTime(), "Halo", Instant.now());
        assertThat(new WebhookClient(port).post("/webhooks/whatsapp", unsigned).statusCode()).isEqualTo(200);
    }
}
