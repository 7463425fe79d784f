package io.leadline.platform.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Claims a whole batch's event ids for a consumer in one statement: the ids it answers were never processed. */
final class ProcessedEvents {

    private final JdbcClient jdbc;

    ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Set<String> claim(String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < eventIds.size(); i++) {
            values.add("(:consumer, :id" + i + ")");
        }
        var statement = jdbc.sql("INSERT INTO processed_event (consumer, event_id) VALUES " + values
                + " ON CONFLICT DO NOTHING RETURNING event_id").param("consumer", consumer);
        for (int i = 0; i < eventIds.size(); i++) {
            statement = statement.param("id" + i, eventIds.get(i));
        }
        return new HashSet<>(statement.query(String.class).list());
    }
}
