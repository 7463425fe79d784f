package io.leadline.ai.flow;

import io.leadline.ai.model.ReplyType;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        return insertAll(List.of(new NewDecision(businessId, conversationId, inboundMessageId, decision, intent))) == 1;
    }

    record NewDecision(String businessId, long conversationId, long inboundMessageId, Decision decision,
            byte[] intent) {
    }

    /** Inserts a poll batch's decisions in one statement; returns how many were new (the others existed). */
    int insertAll(List<NewDecision> rows) {
        String values = IntStream.range(0, rows.size()).mapToObj(i -> ("(:business%1$d, :conversation%1$d, "
                        + ":inbound%1$d, :type%1$d, :questionKey%1$d, :text%1$d, :reason%1$d, :model%1$d, "
                        + ":fallbackReason%1$d, CAST(:extracted%1$d AS jsonb), :intent%1$d)").formatted(i))
                .collect(Collectors.joining(", "));
        JdbcClient.StatementSpec statement = jdbc.sql("""
                INSERT INTO decision (business_id, conversation_id, inbound_message_id, reply_type, question_key, text,
                                      reason, model, fallback_reason, extracted_fields, intent)
                VALUES %s
                ON CONFLICT (business_id, inbound_message_id) DO NOTHING
                """.formatted(values));
        for (int i = 0; i < rows.size(); i++) {
            NewDecision row = rows.get(i);
            Decision decision = row.decision();
            statement = statement
                    .param("business" + i, row.businessId())
                    .param("conversation" + i, row.conversationId())
                    .param("inbound" + i, row.inboundMessageId())
                    .param("type" + i, decision.replyType().name())
                    .param("questionKey" + i, decision.questionKey(), Types.VARCHAR)
                    .param("text" + i, decision.text(), Types.VARCHAR)
                    .param("reason" + i, decision.reason(), Types.VARCHAR)
                    .param("model" + i, decision.model())
                    .param("fallbackReason" + i,
                            decision.fallbackReason() == null ? null : decision.fallbackReason().tag(), Types.VARCHAR)
                    .param("extracted" + i, json.writeValueAsString(decision.extractedFields()))
                    .param("intent" + i, decision.replyType() == ReplyType.NONE ? null : row.intent(), Types.BINARY);
        }
        return statement.update();
    }
}
