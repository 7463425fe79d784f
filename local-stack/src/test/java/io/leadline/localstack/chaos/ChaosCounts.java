package io.leadline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** What a chaos run must end with, and what it did end with, read from every service's schema and the simulator. */
record ChaosCounts(int customers, int providerMessages) {

    /** The counts after a run. */
    record Actual(long contacts, long conversations, long inboundRows, long distinctInbound, long decisions,
                  long distinctDecided, long intents, Map<String, Long> outboundByStatus, long simulatorSends,
                  long deadLetterTasks, String deadLetterReasons) {

        long outbound(String... statuses) {
            long total = 0;
            for (String status : statuses) {
                total += outboundByStatus.getOrDefault(status, 0L);
            }
            return total;
        }

        @Override
        public String toString() {
            return String.format("contacts %d, conversations %d, inbound rows %d (distinct provider ids %d), "
                            + "decisions %d, reply intents %d, outbound %s, sends the API accepted %d, "
                            + "dead-letter tasks %d%s", contacts, conversations, inboundRows, distinctInbound, decisions,
                    intents, outboundByStatus, simulatorSends, deadLetterTasks,
                    deadLetterTasks == 0 ? "" : " (" + deadLetterReasons + ")");
        }
    }

    /** The pipeline has finished: every message stored and decided, and no send waiting or in flight. */
    boolean settled(Actual actual) {
        return actual.inboundRows() >= providerMessages && actual.decisions() >= actual.inboundRows()
                && actual.outbound("PENDING", "SENDING") == 0
                && actual.outboundByStatus().values().stream().mapToLong(Long::longValue).sum() >= actual.intents();
    }

    void assertHolds(Actual actual) {
        assertThat(actual.contacts()).as("one contact per customer").isEqualTo(customers);
        assertThat(actual.conversations()).as("one conversation per customer").isEqualTo(customers);
        assertThat(actual.inboundRows()).as("one row per provider message").isEqualTo(providerMessages);
        assertThat(actual.distinctInbound()).isEqualTo(actual.inboundRows());
        assertThat(actual.decisions()).as("one decision per inbound message").isEqualTo(actual.inboundRows());
        assertThat(actual.distinctDecided()).isEqualTo(actual.decisions());
        assertThat(actual.outboundByStatus().values().stream().mapToLong(Long::longValue).sum())
                .as("one outbound row per reply intent").isEqualTo(actual.intents());
        assertThat(actual.outbound("PENDING", "SENDING")).as("no send left waiting or in flight").isZero();
        assertThat(actual.deadLetterTasks()).as("dead letters: " + actual.deadLetterReasons()).isZero();
    }

    static Actual read(TestDatabase database, WhatsAppSimulator simulator) throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            Map<String, Long> outbound = new TreeMap<>();
            try (ResultSet rows = sql.executeQuery(
                    "SELECT status, count(*) FROM outbound.outbound_message GROUP BY status")) {
                while (rows.next()) {
                    outbound.put(rows.getString(1), rows.getLong(2));
                }
            }
            return new Actual(
                    count(sql, "SELECT count(*) FROM identity.contact WHERE merged_into IS NULL"),
                    count(sql, "SELECT count(*) FROM conversation.conversation WHERE merged_into_id IS NULL"),
                    count(sql, "SELECT count(*) FROM conversation.message WHERE direction = 'INBOUND'"),
                    count(sql, "SELECT count(DISTINCT provider_message_id) FROM conversation.message "
                            + "WHERE direction = 'INBOUND'"),
                    count(sql, "SELECT count(*) FROM ai.decision"),
                    count(sql, "SELECT count(DISTINCT inbound_message_id) FROM ai.decision"),
                    count(sql, "SELECT count(*) FROM ai.decision WHERE reply_type <> 'NONE'"),
                    outbound, simulator.sends().size(),
                    count(sql, "SELECT count(*) FROM conversation.ops_task WHERE type = 'DEAD_LETTER'"),
                    text(sql, "SELECT string_agg(subject || ': ' || reason, '; ') FROM conversation.ops_task "
                            + "WHERE type = 'DEAD_LETTER'"));
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        return value(sql, query, rows -> {
            try {
                return rows.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String text(Statement sql, String query) throws SQLException {
        return value(sql, query, rows -> {
            try {
                return rows.getString(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static <T> T value(Statement sql, String query, Function<ResultSet, T> read) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return read.apply(rows);
        }
    }
}
