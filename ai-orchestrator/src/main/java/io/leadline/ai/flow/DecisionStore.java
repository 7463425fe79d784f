package io.leadline.ai.flow;

import io.leadline.ai.model.ReplyType;
import java.sql.Types;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** One row per inbound message, enforced by the unique key: the row is the decision, published or not. */
@Repository
class DecisionStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DecisionStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What was stored for this message: the reply it published (empty bytes when it stayed silent). */
    Optional<byte[]> storedIntent(String businessId, long inboundMessageId) {
        return jdbc.sql("""
                SELECT coalesce(intent, ''::bytea) FROM decision
                WHERE business_id = :business AND inbound_message_id = :inbound
                """)
                .param("business", businessId)
                .param("inbound", inboundMessageId)
                .query(byte[].class).optional();
    }

    /** Inserts the decision unless one exists for the message; true when this call stored it. */
    boolean insert(String businessId, long conversationId, long inboundMessageId, Decision decision, byte[] intent) {
        return jdbc.sql("""
                INSERT INTO decision (business_id, conversation_id, inbound_message_id, reply_type, question_key, text,
                                      reason, model, fallback_reason, extracted_fields, intent)
                VALUES (:business, :conversation, :inbound, :type, :questionKey, :text, :reason, :model,
                        :fallbackReason, CAST(:extracted AS jsonb), :intent)
                ON CONFLICT (business_id, inbound_message_id) DO NOTHING
                """)
                .param("business", businessId)
                .param("conversation", conversationId)
                .param("inbound", inboundMessageId)
                .param("type", decision.replyType().name())
                .param("questionKey", decision.questionKey(), Types.VARCHAR)
                .param("text", decision.text(), Types.VARCHAR)
                .param("reason", decision.reason(), Types.VARCHAR)
                .param("model", decision.model())
                .param("fallbackReason", decision.fallbackReason() == null ? null : decision.fallbackReason().tag(), Types.VARCHAR)
                .param("extracted", json.writeValueAsString(decision.extractedFields()))
                .param("intent", decision.replyType() == ReplyType.NONE ? null : intent, Types.BINARY)
                .update() == 1;
    }
}
