package io.leadline.ai.health;

import io.leadline.ai.model.ReplyModel;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a person on call wants to see first: where the latest conversations stand and how the model behaves. */
@RestController
class AiHealthController {

    static final int RECENT_CONVERSATIONS = 10;

    private final JdbcClient jdbc;
    private final ReplyModel model;

    AiHealthController(JdbcClient jdbc, ReplyModel model) {
        this.jdbc = jdbc;
        this.model = model;
    }

    record ConversationFlow(String businessId, long conversationId, int askedCount, String lastQuestionKey,
            List<String> askedKeys, long stateVersion, boolean handedOver, boolean optedOut, boolean assigned,
            Instant updatedAt) {
    }

    record AiHealth(String model, List<ConversationFlow> conversations, Map<String, Long> decisionsByType,
            Map<String, Long> fallbacks) {
    }

    @GetMapping("/api/admin/ai/health")
    @Transactional(readOnly = true)
    AiHealth health() {
        List<ConversationFlow> recent = jdbc.sql("SELECT * FROM flow_state ORDER BY updated_at DESC LIMIT :limit")
                .param("limit", RECENT_CONVERSATIONS)
                .query(AiHealthController::flow).list();
        return new AiHealth(model.name(), recent,
                counts("SELECT reply_type, count(*) FROM decision GROUP BY reply_type ORDER BY reply_type"),
                counts("""
                        SELECT fallback_reason, count(*) FROM decision WHERE fallback_reason IS NOT NULL
                        GROUP BY fallback_reason ORDER BY fallback_reason
                        """));
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql(sql).query((ResultSet rs) -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    static ConversationFlow flow(ResultSet rs, int row) throws SQLException {
        Array keys = rs.getArray("asked_keys");
        return new ConversationFlow(rs.getString("business_id"), rs.getLong("conversation_id"),
                rs.getInt("asked_count"), rs.getString("last_question_key"),
                keys == null ? List.of() : Arrays.asList((String[]) keys.getArray()), rs.getLong("version"),
                rs.getBoolean("handed_over"), rs.getBoolean("opted_out"), rs.getString("assignee") != null,
                rs.getTimestamp("updated_at").toInstant());
    }
}
