package io.leadline.conversation.task;

import io.leadline.platform.consumer.DeadLetterRedrive;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What operators do with tasks: list them, resolve, snooze, assign, re-drive a dead letter. */
@Service
class TaskQueue {

    /** Which tasks a list shows: open ones not snoozed (the default), snoozed ones, resolved ones, or all. */
    enum View { OPEN, SNOOZED, RESOLVED, ALL }

    record Task(long id, String businessId, String type, String subject, Long conversationId, Long contactId,
                String reason, Map<String, String> evidence, int occurrences, String status, String assignee,
                Instant snoozedUntil, String resolutionNote, Instant createdAt, Instant lastRaisedAt,
                Instant resolvedAt, String deadLetter) {
    }

    record Page(List<Task> tasks, String nextCursor) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final DeadLetterRedrive redrive;

    TaskQueue(JdbcClient jdbc, DeadLetterRedrive redrive) {
        this.jdbc = jdbc;
        this.redrive = redrive;
    }

    Page list(View view, String type, Long conversationId, Long afterId, int limit) {
        String condition = switch (view) {
            case OPEN -> "status = 'OPEN' AND (snoozed_until IS NULL OR snoozed_until <= now())";
            case SNOOZED -> "status = 'OPEN' AND snoozed_until > now()";
            case RESOLVED -> "status = 'RESOLVED'";
            case ALL -> "true";
        };
        List<Task> tasks = jdbc.sql("SELECT * FROM ops_task WHERE " + condition + """
                 AND (CAST(:type AS text) IS NULL OR type = :type)
                 AND (CAST(:conversation AS bigint) IS NULL OR conversation_id = :conversation)
                 AND (CAST(:after AS bigint) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit
                """)
                .param("type", type).param("conversation", conversationId).param("after", afterId)
                .param("limit", limit + 1)
                .query(TaskQueue::task).list();
        boolean more = tasks.size() > limit;
        List<Task> page = more ? tasks.subList(0, limit) : tasks;
        return new Page(page, more ? Long.toString(page.getLast().id()) : null);
    }

    Task get(long id) {
        return jdbc.sql("SELECT * FROM ops_task WHERE id = :id").param("id", id).query(TaskQueue::task).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No task " + id));
    }

    @Transactional
    public Task resolve(long id, String note) {
        update(id, "status = 'RESOLVED', resolved_at = now(), resolution_note = :note, snoozed_until = NULL",
                "note", blankToNull(note));
        return get(id);
    }

    @Transactional
    public Task snooze(long id, Instant until) {
        if (until == null || !until.isAfter(Instant.now())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "snooze needs an 'until' in the future");
        }
        update(id, "snoozed_until = :until", "until", Timestamp.from(until));
        return get(id);
    }

    /** Assigns the task to a person; null or blank unassigns it (the column is then NULL, never ""). */
    @Transactional
    public Task assign(long id, String assignee) {
        update(id, "assignee = :assignee", "assignee", blankToNull(assignee));
        return get(id);
    }

    /**
     * Puts the task's dead letter back on its topic, then resolves the task with where it went. The broker call
     * happens before the transaction that records it: a crash between them leaves the task open, and re-driving
     * again is harmless because consumers skip an event id they have processed.
     */
    Task redrive(long id, String note) {
        Task task = get(id);
        if (task.deadLetter() == null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Task " + id + " is not a dead letter");
        }
        Optional<DeadLetterRedrive.DeadLetter> letter = jdbc.sql(
                        "SELECT dlt_topic, dlt_partition, dlt_offset FROM ops_task WHERE id = :id").param("id", id)
                .query((rs, row) -> redrive.read(rs.getString(1), rs.getInt(2), rs.getLong(3))).single();
        DeadLetterRedrive.Redriven landed = redrive.redrive(letter.orElseThrow(() -> new ResponseStatusException(
                HttpStatus.GONE, "The dead letter " + task.deadLetter() + " is no longer on the broker")));
        return resolve(id, (blankToNull(note) == null ? "" : note.strip() + "; ") + "re-driven to " + landed.topic()
                + "-" + landed.partition() + "@" + landed.offset());
    }

    private void update(long id, String set, String name, Object value) {
        int updated = jdbc.sql("UPDATE ops_task SET " + set + " WHERE id = :id").param("id", id)
                .param(name, value, value instanceof Timestamp ? Types.TIMESTAMP : Types.VARCHAR)
                .update();
        if (updated == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No task " + id);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Task task(ResultSet rs, int row) throws SQLException {
        String topic = rs.getString("dlt_topic");
        return new Task(rs.getLong("id"), rs.getString("business_id"), rs.getString("type"), rs.getString("subject"),
                (Long) rs.getObject("conversation_id"), (Long) rs.getObject("contact_id"), rs.getString("reason"),
                JSON.readValue(rs.getString("evidence"), new TypeReference<Map<String, String>>() { }),
                rs.getInt("occurrences"), rs.getString("status"), rs.getString("assignee"),
                instant(rs, "snoozed_until"), rs.getString("resolution_note"), instant(rs, "created_at"),
                instant(rs, "last_raised_at"), instant(rs, "resolved_at"),
                topic == null ? null : topic + "-" + rs.getInt("dlt_partition") + "@" + rs.getLong("dlt_offset"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
