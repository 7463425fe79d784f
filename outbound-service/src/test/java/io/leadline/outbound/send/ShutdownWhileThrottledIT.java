package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.ServiceContexts;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invariant 4, "a send that never reached the API is retried": a service stopped while its number's token bucket
 * holds most rows back leaves none of them SENDING (which the sweeper would make UNKNOWN), and the next service
 * sends each exactly once.
 */
class ShutdownWhileThrottledIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void rowsThatWaitedForATokenWhenTheServiceStoppedAreNeverUnknownAndAreSentOnceAfterTheRestart()
            throws Exception {
        List<String> waIds = IntStream.range(0, 8).mapToObj(i -> Fixtures.waId()).toList();
        try (TestDatabase database = TestDatabase.create("outbound_shutdown_throttled")) {
            Map<String, Long> ids = new LinkedHashMap<>();
            try (ConfigurableApplicationContext first = ServiceContexts.start(database, simulator,
                    Map.of("leadline.outbound.pacing.messages-per-second", 1))) {
                first.getBean(TransactionTemplate.class).executeWithoutResult(tx -> waIds.forEach(waId ->
                        ids.put(waId, first.getBean(OutboundLog.class).accept(intent(Fixtures.nextId(), waId,
                                "service", Fixtures.nextId())).outboundId())));
                await().atMost(WAIT).until(() -> simulator.sends().size() >= 3);
            }
            List<String> reached = simulator.sends().stream().map(RecordedSend::to).toList();
            assertThat(reached).hasSizeLessThan(8);
            Map<Long, String> afterStop = ServiceContexts.statuses(database);
            ids.forEach((waId, id) -> {
                if (!reached.contains(waId)) {
                    // Never SENDING: that is what the sweeper would turn into a false UNKNOWN.
                    assertThat(afterStop.get(id)).as("row %d, never requested", id).isEqualTo("PENDING/0");
                }
            });

            try (ConfigurableApplicationContext second = ServiceContexts.start(database, simulator, Map.of())) {
                await().atMost(WAIT).until(() -> ServiceContexts.statuses(database).values().stream()
                        .allMatch("SENT/1"::equals));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> waIds.stream()
                        .allMatch(waId -> simulator.sendsTo(waId).size() == 1));
                assertThat(simulator.sendRequests()).isEqualTo(8);
            }
        }
    }
}
