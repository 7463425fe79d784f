package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.OutboundProperties;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The WhatsApp access token reaches WhatsApp and nothing else: not the logs (at debug level for the service and its
 * HTTP client), not the stored error, not the configuration's text, whatever the failure.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.access-token=" + AccessTokenNeverLoggedIT.TOKEN,
        "leadline.outbound.retry.backoff=50ms",
        "leadline.outbound.dispatcher.poll-interval=100ms",
        "logging.level.io.leadline=debug",
        "logging.level.org.springframework.web.client=debug",
        "logging.level.org.springframework.http=debug"})
@LeadlineIntegrationTest
class AccessTokenNeverLoggedIT {

    static final String TOKEN = "EAAG-secret-system-user-token-4d1f9c";

    /** Its own simulator, that takes only this token: a send that gets through proves the token was used. */
    private static final WhatsAppSimulator simulator = WhatsAppSimulator.start(0, TOKEN);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    OutboundProperties properties;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void anAuthErrorLogsNoToken(CapturedOutput output) {
        simulator.faults().next(Fault.graphError(401, 190));

        long id = send();

        awaitStatus(id, "FAILED");
        assertThat(Fixtures.row(jdbc, id)).containsEntry("error_code", 190);
        assertThat(output.getAll()).contains("Send " + id + " attempt 1").doesNotContain(TOKEN);
        assertThat(String.valueOf(Fixtures.row(jdbc, id).get("last_error"))).doesNotContain(TOKEN);
    }

    @Test
    void serverErrorsRetriedUntilTheSendGoesOutLogNoToken(CapturedOutput output) {
        simulator.faults().next(2, Fault.serverError());

        long id = send();

        awaitStatus(id, "SENT");
        assertThat(simulator.sends()).as("the token was sent to WhatsApp").hasSize(1);
        assertThat(output.getAll()).contains("Send " + id + " attempt 2").doesNotContain(TOKEN);
        assertThat(String.valueOf(Fixtures.row(jdbc, id).get("last_error"))).doesNotContain(TOKEN);
    }

    @Test
    void theConfigurationsTextHasNoToken() {
        assertThat(properties.graph().accessToken()).isEqualTo(TOKEN);
        assertThat(properties.toString()).contains("accessToken=***").doesNotContain(TOKEN);
        assertThat(properties.graph().toString()).doesNotContain(TOKEN);
    }

    private long send() {
        return outboundLog.accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()))
                .outboundId();
    }

    private void awaitStatus(long id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .until(() -> status.equals(Fixtures.row(jdbc, id).get("status")));
    }
}
