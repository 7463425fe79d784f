package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each send's outcome is recorded on its own: sends claimed together (their rows committed in one transaction, so
 * one claim takes them all) neither wait for a slow neighbour nor go down with one whose outcome cannot be written.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.read-timeout=2s",
        "leadline.outbound.dispatcher.poll-interval=100ms"})
@LeadlineIntegrationTest
class IndependentOutcomesIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void aSlowCallDoesNotHoldBackTheOutcomesOfTheSendsClaimedWithIt() {
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(4)));

        List<Long> ids = acceptTogether(3);

        // Old behaviour recorded a batch only when its slowest call returned: this state never existed.
        await().atMost(WAIT).until(() -> statuses(ids).equals(List.of("SENDING", "SENT", "SENT")));
        for (long id : ids) {
            Map<String, Object> row = Fixtures.row(jdbc, id);
            if ("SENT".equals(row.get("status"))) {
                assertThat(row.get("provider_message_id")).isEqualTo(wamidFor(id));
            }
        }
        await().atMost(WAIT).until(() -> statuses(ids).equals(List.of("SENT", "SENT", "UNKNOWN")));
        assertThat(simulator.sendRequests()).isEqualTo(3);
    }

    @Test
    void anOutcomeThatCannotBeRecordedDoesNotTakeTheOthersDown() {
        List<String> waIds = List.of(Fixtures.waId(), Fixtures.waId(), Fixtures.waId());
        long refused = Fixtures.nextId();
        // A real fault of the real database: it refuses to record one of the three as SENT.
        jdbc.sql("""
                CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$
                """).update();
        jdbc.sql("CREATE TRIGGER refuse_sent BEFORE UPDATE ON outbound_message FOR EACH ROW WHEN (NEW.status = 'SENT'"
                + " AND NEW.conversation_id = " + refused + ") EXECUTE FUNCTION refuse_sent()").update();
        try {
            List<Long> ids = new ArrayList<>();
            transactions.executeWithoutResult(tx -> {
                for (int i = 0; i < waIds.size(); i++) {
                    ids.add(outboundLog.accept(intent(i == 1 ? refused : Fixtures.nextId(), waIds.get(i), "service",
                            Fixtures.nextId())).outboundId());
                }
            });

            await().atMost(WAIT).until(() -> "SENT".equals(Fixtures.row(jdbc, ids.get(0)).get("status"))
                    && "SENT".equals(Fixtures.row(jdbc, ids.get(2)).get("status")));
            assertThat(Fixtures.row(jdbc, ids.get(0)).get("provider_message_id")).isEqualTo(wamidFor(ids.get(0)));
            assertThat(Fixtures.row(jdbc, ids.get(2)).get("provider_message_id")).isEqualTo(wamidFor(ids.get(2)));
            // The one whose outcome was lost stays SENDING: the sweeper makes it UNKNOWN, never a second send.
            assertThat(Fixtures.row(jdbc, ids.get(1)).get("status")).isEqualTo("SENDING");
            assertThat(simulator.sendRequests()).isEqualTo(3);
        } finally {
            jdbc.sql("DROP TRIGGER refuse_sent ON outbound_message").update();
            jdbc.sql("DROP FUNCTION refuse_sent()").update();
        }
    }

    /** Rows committed in one transaction: the dispatcher's next claim takes them all at once. */
    private List<Long> acceptTogether(int count) {
        List<Long> ids = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < count; i++) {
                ids.add(outboundLog.accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()))
                        .outboundId());
            }
        });
        return ids;
    }

    private List<String> statuses(List<Long> ids) {
        return jdbc.sql("SELECT status FROM outbound_message WHERE id IN (:ids) ORDER BY status")
                .param("ids", ids).query(String.class).list();
    }

    private static String wamidFor(long id) {
        return simulator.sends().stream().filter(send -> Long.toString(id).equals(send.callbackData()))
                .map(RecordedSend::wamid).findFirst().orElseThrow();
    }
}
