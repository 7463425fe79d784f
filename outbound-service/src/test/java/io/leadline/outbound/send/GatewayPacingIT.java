package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.gatewayIntent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Recipient;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.RecordedGatewaySend;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A gateway instance is paced by its own, slower bucket (here 2 a second, with a second's worth stored), measured
 * where it matters: when the gateway received the requests. The business number's sends queued beside them keep
 * the number's pace and are not held back by the gateway's.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.pacing.gateway-messages-per-second=2",
        "leadline.outbound.dispatcher.poll-interval=50ms"})
@LeadlineIntegrationTest
class GatewayPacingIT {

    private static final String INSTANCE = "evo-surabaya";
    private static final String API_KEY = "evolution-instance-key-93a0";
    private static final int SENDS = 6;

    private static final WhatsAppSimulator simulator = Simulator.withGateway(API_KEY);

    @DynamicPropertySource
    static void apis(DynamicPropertyRegistry registry) {
        Simulator.register(registry, simulator, INSTANCE, API_KEY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aGatewayInstanceSendsAtItsOwnPaceWhileTheBusinessNumberKeepsItsOwn() {
        List<String> waIds = IntStream.range(0, SENDS).mapToObj(i -> Fixtures.waId()).toList();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < SENDS; i++) {
                outboundLog.accept(gatewayIntent(Fixtures.nextId(), INSTANCE,
                        new Recipient(null, null, null, Fixtures.lid())));
                outboundLog.accept(Fixtures.intent(Fixtures.nextId(), waIds.get(i), "service", Fixtures.nextId()));
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.gatewaySends().size() == SENDS
                && simulator.sends().size() == SENDS);
        List<Instant> gateway = simulator.gatewaySends().stream().map(RecordedGatewaySend::receivedAt).sorted()
                .toList();
        // Two tokens stored, then one every half second: the last of six is two seconds after the first (less the
        // jitter between a claim and its request's arrival); at the number's pace all six would come at once.
        assertThat(Duration.between(gateway.getFirst(), gateway.getLast()))
                .isGreaterThanOrEqualTo(Duration.ofMillis((SENDS - 2) * 500 - 200));
        for (int i = 2; i < SENDS; i++) {
            assertThat(Duration.between(gateway.get(i - 2), gateway.get(i))).as("sends %d and %d", i - 1, i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        Instant lastCloud = simulator.sends().stream().map(RecordedSend::receivedAt).max(Comparator.naturalOrder())
                .orElseThrow();
        assertThat(lastCloud).as("the number's sends did not wait for the gateway's tokens")
                .isBefore(gateway.get(3));
    }
}
