package io.leadline.conversation.task;

import io.leadline.contracts.ops.OpsTaskRaised;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raising tasks: one row per (business, type, subject). Raised again, an open task counts one more occurrence and
 * keeps its place; a resolved one opens again, because the problem came back.
 */
@Service
class Tasks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Tasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void raise(OpsTaskRaised task) {
        upsert(new NewTask(task.businessId(), task.type(), task.subject(), task.conversationId(), task.contactId(),
                task.reason(), task.evidence(), task.raisedAt() == null ? Instant.now() : task.raisedAt(), null));
    }

    /** A task as it arrives, from an event or from a dead letter. */
    record NewTask(String businessId, String type, String subject, Long conversationId, Long contactId,
                   String reason, Map<String, String> evidence, Instant raisedAt, DeadLetterPosition deadLetter) {
    }

    record DeadLetterPosition(String topic, int partition, long offset) {
    }

    void upsert(NewTask task) {
        DeadLetterPosition position = task.deadLetter();
        jdbc.sql("""
                INSERT INTO ops_task (business_id, type, subject, conversation_id, contact_id, reason, evidence,
                                      last_raised_at, dlt_topic, dlt_partition, dlt_offset)
                VALUES (:business, :type, :subject, :conversation, :contact, :reason, CAST(:evidence AS jsonb),
                        :raisedAt, :dltTopic, :dltPartition, :dltOffset)
                ON CONFLICT ON CONSTRAINT ops_task_one_per_subject DO UPDATE SET
                    occurrences     = ops_task.occurrences + 1,
                    reason          = EXCLUDED.reason,
                    evidence        = ops_task.evidence || EXCLUDED.evidence,
                    last_raised_at  = GREATEST(ops_task.last_raised_at, EXCLUDED.last_raised_at),
                    conversation_id = COALESCE(ops_task.conversation_id, EXCLUDED.conversation_id),
                    contact_id      = COALESCE(ops_task.contact_id, EXCLUDED.contact_id),
                    dlt_topic       = COALESCE(EXCLUDED.dlt_topic, ops_task.dlt_topic),
                    dlt_partition   = COALESCE(EXCLUDED.dlt_partition, ops_task.dlt_partition),
                    dlt_offset      = COALESCE(EXCLUDED.dlt_offset, ops_task.dlt_offset),
                    status          = 'OPEN',
                    resolved_at     = NULL
                """)
                .param("business", task.businessId())
                .param("type", task.type())
                .param("subject", task.subject())
                .param("conversation", task.conversationId())
                .param("contact", task.contactId())
                .param("reason", task.reason() == null ? task.type() : task.reason())
                .param("evidence", JSON.writeValueAsString(task.evidence() == null ? Map.of() : task.evidence()))
                .param("raisedAt", java.sql.Timestamp.from(task.raisedAt()))
                .param("dltTopic", position == null ? null : position.topic())
                .param("dltPartition", position == null ? null : position.partition())
                .param("dltOffset", position == null ? null : position.offset())
                .update();
    }
}
