package io.leadline.conversation.inbox;

import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.platform.outbox.Outbox;
import java.time.Instant;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a person does to a conversation: assign (the AI stays quiet while someone is assigned, so every change is
 * published as {@link AssignmentChanged} through the outbox), unassign, soft delete and restore.
 */
@Service
class ConversationCommands {

    private final JdbcClient jdbc;
    private final Outbox outbox;

    ConversationCommands(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    private record Locked(String businessId, String assignee, Long mergedIntoId) {
    }

    /** Sets or (with null) clears the assignee; publishes only a real change. */
    @Transactional
    public void assign(long id, String assignee) {
        Locked current = lock(id);
        if (current.mergedIntoId() != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "Conversation " + id + " was merged into conversation " + current.mergedIntoId());
        }
        if (Objects.equals(current.assignee(), assignee)) {
            return;
        }
        Instant now = Instant.now();
        jdbc.sql("UPDATE conversation SET assignee = :assignee WHERE id = :id")
                .param("assignee", assignee).param("id", id).update();
        outbox.publish(new AssignmentChanged(current.businessId(), id, assignee, now));
    }

    @Transactional
    public void delete(long id) {
        lock(id);
        jdbc.sql("UPDATE conversation SET deleted_at = now() WHERE id = :id AND deleted_at IS NULL").param("id", id).update();
    }

    @Transactional
    public void restore(long id) {
        lock(id);
        jdbc.sql("UPDATE conversation SET deleted_at = NULL WHERE id = :id").param("id", id).update();
    }

    private Locked lock(long id) {
        return jdbc.sql("SELECT business_id, assignee, merged_into_id FROM conversation WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, n) -> new Locked(rs.getString("business_id"), rs.getString("assignee"),
                        (Long) rs.getObject("merged_into_id")))
                .optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No conversation " + id));
    }
}
