package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operator's view of the outbound log: how many sends wait in each open state, kept current by the sweeper. */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.dispatcher.enabled=false",
        "leadline.outbound.dispatcher.sweep-interval=200ms"})
@LeadlineIntegrationTest
class OpenRowGaugesIT {

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void theGaugesFollowTheRowsWaitingInEachOpenState() {
        List<Long> ids = IntStream.range(0, 5)
                .mapToObj(i -> outboundLog.accept(intent(Fixtures.nextId(), Fixtures.waId(), "service",
                        Fixtures.nextId())).outboundId())
                .toList();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(rows("PENDING")).isEqualTo(5);
            assertThat(rows("UNKNOWN")).isZero();
        });

        // Two of them as a crash would leave them after the sweeper gave up on their calls.
        jdbc.sql("UPDATE outbound_message SET status = 'UNKNOWN' WHERE id IN (:ids)")
                .param("ids", ids.subList(0, 2)).update();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(rows("PENDING")).isEqualTo(3);
            assertThat(rows("UNKNOWN")).isEqualTo(2);
            assertThat(rows("SENDING")).isZero();
        });
    }

    private double rows(String status) {
        return meters.get("leadline.outbound.rows").tag("status", status).gauge().value();
    }
}
