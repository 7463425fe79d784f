package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.ServiceContexts;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invariant 4's second half and invariant 5: the service really stops (its Spring context closes, its connections
 * are cut) with sends in each state, and a new context on the same database picks up from what the database says.
 */
class CrashRecoveryIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void aSendWhoseProcessStoppedAfterMarkingItSendingIsNeverSentAgainAndBecomesUnknown() throws Exception {
        String waId = Fixtures.waId();
        // WhatsApp holds the answer far longer than the process lives: the crash happens mid-call.
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(30)));
        try (TestDatabase database = TestDatabase.create("outbound_crash_after_sending")) {
            long id;
            try (ConfigurableApplicationContext first = ServiceContexts.start(database, simulator, Map.of())) {
                id = first.getBean(OutboundLog.class).accept(intent(Fixtures.nextId(), waId, "service",
                        Fixtures.nextId())).outboundId();
                await().atMost(WAIT).until(() -> simulator.sendsTo(waId).size() == 1);
                assertThat(ServiceContexts.status(database, id)).isEqualTo("SENDING");
                // The process dies: its connections go first, so nothing it still does reaches the database.
                first.getBean(DataSource.class).unwrap(HikariDataSource.class).close();
            }
            assertThat(ServiceContexts.status(database, id)).as("the dead process recorded nothing")
                    .isEqualTo("SENDING");

            try (ConfigurableApplicationContext second = ServiceContexts.start(database, simulator, Map.of())) {
                await().atMost(WAIT).until(() -> "UNKNOWN".equals(ServiceContexts.status(database, id)));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> simulator.sendRequests() == 1);
                assertThat(String.valueOf(Fixtures.row(second.getBean(JdbcClient.class), id).get("last_error")))
                        .startsWith("LEASE_EXPIRED");
            }
        }
    }

    @Test
    void rowsWhoseClaimWasCutOffByTheProcessDyingAreSentOnceAfterTheRestart() throws Exception {
        long held = Fixtures.nextId();
        List<String> waIds = List.of(Fixtures.waId(), Fixtures.waId(), Fixtures.waId(), Fixtures.waId());
        try (TestDatabase database = TestDatabase.create("outbound_crash_mid_claim");
                Connection test = database.connect()) {
            ConfigurableApplicationContext first = ServiceContexts.start(database, simulator, Map.of());
            try {
                test.setAutoCommit(false);
                try (Statement clock = test.createStatement()) {
                    // An uncommitted clock row: the dispatcher's claim waits on it, mid-transaction, rows locked.
                    clock.execute("INSERT INTO outbound.conversation_send_clock VALUES (" + held
                            + ", 'demo-id', now() - interval '1 hour')");
                }
                first.getBean(TransactionTemplate.class).executeWithoutResult(tx -> {
                    for (int i = 0; i < waIds.size(); i++) {
                        first.getBean(OutboundLog.class).accept(intent(i == 0 ? held : Fixtures.nextId(),
                                waIds.get(i), "service", Fixtures.nextId()));
                    }
                });
                await().atMost(WAIT).until(() -> claimsWaitingOnALock(test) == 1);
            } finally {
                first.close(); // the pool aborts the claim's connection: a process that dies mid-claim
                killOtherSessions(test);
                test.rollback();
            }

            assertThat(simulator.sendRequests()).isZero();
            assertThat(ServiceContexts.statuses(database).values()).as("nothing of the cut claim was committed")
                    .hasSize(4).containsOnly("PENDING/0");
            try (ConfigurableApplicationContext second = ServiceContexts.start(database, simulator, Map.of())) {
                await().atMost(WAIT).until(() -> ServiceContexts.statuses(database).values().stream()
                        .allMatch("SENT/1"::equals));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> waIds.stream()
                        .allMatch(waId -> simulator.sendsTo(waId).size() == 1));
                assertThat(simulator.sendRequests()).isEqualTo(4);
            }
        }
    }

    /** Sessions of this database other than the test's own that wait on a lock: the dispatcher's claim. */
    private static int claimsWaitingOnALock(Connection test) throws Exception {
        try (PreparedStatement query = test.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                """);
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whatever of the dead process still holds a session is killed, as the database would see a crash. */
    private static void killOtherSessions(Connection test) throws Exception {
        try (PreparedStatement kill = test.prepareStatement("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                """)) {
            kill.executeQuery().close();
        }
    }
}
