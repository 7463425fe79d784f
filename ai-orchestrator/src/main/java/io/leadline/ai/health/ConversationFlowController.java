package io.leadline.ai.health;

import io.leadline.ai.health.AiHealthController.ConversationFlow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why the AI said what it said in one conversation (seed 001's debug panel): its flow state and every decision,
 * oldest first, with the model that made it and why a fallback was taken.
 */
@RestController
class ConversationFlowController {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConversationFlowController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record DecisionView(long inboundMessageId, String replyType, String questionKey, String text, String reason,
            String model, String fallbackReason, Map<String, String> extractedFields, Instant decidedAt) {
    }

    record ConversationView(long conversationId, ConversationFlow flow, List<DecisionView> decisions) {
    }

    @GetMapping("/api/admin/ai/conversations/{conversationId}")
    @Transactional(readOnly = true)
    ConversationView conversation(@PathVariable long conversationId) {
        ConversationFlow flow = jdbc.sql("SELECT * FROM flow_state WHERE conversation_id = :id")
                .param("id", conversationId)
                .query(AiHealthController::flow).optional().orElse(null);
        List<DecisionView> decisions = jdbc.sql("""
                SELECT inbound_message_id, reply_type, question_key, text, reason, model, fallback_reason,
                       extracted_fields::text AS extracted_fields, created_at
                FROM decision WHERE conversation_id = :id ORDER BY id
                """)
                .param("id", conversationId)
                .query(this::decision).list();
        if (flow == null && decisions.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "The AI has decided nothing in conversation " + conversationId);
        }
        return new ConversationView(conversationId, flow, decisions);
    }

    private DecisionView decision(ResultSet rs, int row) throws SQLException {
        return new DecisionView(rs.getLong("inbound_message_id"), rs.getString("reply_type"),
                rs.getString("question_key"), rs.getString("text"), rs.getString("reason"), rs.getString("model"),
                rs.getString("fallback_reason"), json.readValue(rs.getString("extracted_fields"), FIELDS),
                rs.getTimestamp("created_at").toInstant());
    }
}
