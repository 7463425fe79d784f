package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.outbound.OutboundApplication;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What marking a claim SENDING reads when 20,000 rows wait: the claimed rows by their ids, not the backlog. The
 * plan is the generic one a prepared statement settles on, on a table PostgreSQL has not analyzed yet (a new
 * deployment, or a server without autovacuum). The backlog is rolled back; the settings are those of
 * {@link OpenRowGaugesIT}, so the two share a context.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.dispatcher.enabled=false",
        "leadline.outbound.dispatcher.sweep-interval=200ms"})
@LeadlineIntegrationTest
class ClaimUnderBacklogIT {

    private static final int BACKLOG = 20_000;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @ParameterizedTest(name = "conversation clock on: {0}")
    @ValueSource(booleans = {true, false})
    void markingSendingLooksUpTheClaimedRowsByIdWhateverTheBacklog(boolean clocked) {
        String plan = transactions.execute(tx -> {
            tx.setRollbackOnly();
            jdbc.sql("""
                    INSERT INTO outbound_message (business_id, conversation_id, dedupe_key, reply_type, text,
                                                  recipient_wa_id, next_attempt_at)
                    SELECT 'demo-id', -i, 'backlog-' || i, 'QUESTION', 'What service do you need?', '62813' || i,
                           now()
                    FROM generate_series(1, :n) AS i
                    """).param("n", BACKLOG).update();
            jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
            String statement = SendClaims.markSendingSql(clocked).replace(":ids", "$1").replace(":spacing", "$2");
            jdbc.sql("PREPARE mark_sending_under_backlog (bigint[], float8) AS " + statement).update();
            String claimed = jdbc.sql("SELECT id FROM outbound_message ORDER BY id DESC LIMIT 10")
                    .query(Long.class).list().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
            try {
                return String.join("\n", jdbc.sql(
                        "EXPLAIN (COSTS OFF) EXECUTE mark_sending_under_backlog('" + claimed + "', 2.0)")
                        .query(String.class).list());
            } finally {
                jdbc.sql("DEALLOCATE mark_sending_under_backlog").update();
            }
        });

        assertThat(plan).as(plan)
                .doesNotContain("outbound_message_due")
                .contains("outbound_message_pkey");
    }
}
