package io.leadline.ai.flow;

import io.leadline.ai.model.ReplyType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
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

    /**
     * Inserts a poll batch's decisions in one statement; returns how many were new (the others existed). Each column
     * travels as one array, so the statement's text is the same for any batch size (parsed and planned once).
     */
    int insertAll(List<NewDecision> rows) {
        return jdbc.sql("""
                INSERT INTO decision (business_id, conversation_id, inbound_message_id, reply_type, question_key, text,
                                      reason, model, fallback_reason, extracted_fields, intent)
                SELECT business, conversation, inbound, type, question_key, text, reason, model, fallback_reason,
                       CAST(extracted AS jsonb), intent
                FROM unnest(CAST(:businesses AS text[]), CAST(:conversations AS bigint[]), CAST(:inbounds AS bigint[]),
                            CAST(:types AS text[]), CAST(:questionKeys AS text[]), CAST(:texts AS text[]),
                            CAST(:reasons AS text[]), CAST(:models AS text[]), CAST(:fallbackReasons AS text[]),
                            CAST(:extracted AS text[]), CAST(:intents AS bytea[]))
                     AS d (business, conversation, inbound, type, question_key, text, reason, model, fallback_reason,
                           extracted, intent)
                ON CONFLICT (business_id, inbound_message_id) DO NOTHING
                """)
                .param("businesses", column(rows, String[]::new, NewDecision::businessId))
                .param("conversations", column(rows, Long[]::new, NewDecision::conversationId))
                .param("inbounds", column(rows, Long[]::new, NewDecision::inboundMessageId))
                .param("types", column(rows, String[]::new, row -> row.decision().replyType().name()))
                .param("questionKeys", column(rows, String[]::new, row -> row.decision().questionKey()))
                .param("texts", column(rows, String[]::new, row -> row.decision().text()))
                .param("reasons", column(rows, String[]::new, row -> row.decision().reason()))
                .param("models", column(rows, String[]::new, row -> row.decision().model()))
                .param("fallbackReasons", column(rows, String[]::new, row -> row.decision().fallbackReason() == null
                        ? null : row.decision().fallbackReason().tag()))
                .param("extracted", column(rows, String[]::new,
                        row -> json.writeValueAsString(row.decision().extractedFields())))
                .param("intents", column(rows, byte[][]::new,
                        row -> row.decision().replyType() == ReplyType.NONE ? null : row.intent()))
                .update();
    }

    private static <T> T[] column(List<NewDecision> rows, IntFunction<T[]> array, Function<NewDecision, T> cell) {
        return rows.stream().map(cell).toArray(array);
    }
}
