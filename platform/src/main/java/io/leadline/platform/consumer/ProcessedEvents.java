package io.leadline.platform.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claims a whole batch's event ids for a consumer in one statement: the ids it answers were never processed. The ids
 * travel as one array, so the statement's text is the same for every batch size and is parsed and planned once per
 * connection, not once per size.
 */
final class ProcessedEvents {

    private final JdbcClient jdbc;

    ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Set<String> claim(String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                INSERT INTO processed_event (consumer, event_id)
                SELECT :consumer, id FROM unnest(CAST(:ids AS text[])) AS t (id)
                ON CONFLICT DO NOTHING RETURNING event_id
                """)
                .param("consumer", consumer)
                .param("ids", eventIds.toArray(String[]::new))
                .query(String.class).list());
    }
}
