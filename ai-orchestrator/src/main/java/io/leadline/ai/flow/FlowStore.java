package io.leadline.ai.flow;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Flow state rows. Every write presents the version it read; a lost race throws and the event is retried. */
@Repository
class FlowStore {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FlowStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    FlowState find(String businessId, long conversationId) {
        return jdbc.sql("""
                SELECT * FROM flow_state WHERE business_id = :business AND conversation_id = :conversation
                """)
                .param("business", businessId)
                .param("conversation", conversationId)
                .query(this::map).optional()
                .orElseGet(() -> FlowState.initial(businessId, conversationId));
    }

    record FlowKey(String businessId, long conversationId) {
    }

    /** The states of several conversations in one statement; a conversation without a row is at its initial state. */
    Map<FlowKey, FlowState> findAll(Collection<FlowKey> keys) {
        List<FlowKey> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Map<FlowKey, FlowState> states = new HashMap<>();
        jdbc.sql("""
                SELECT f.* FROM flow_state f
                JOIN unnest(CAST(:businesses AS text[]), CAST(:conversations AS bigint[])) AS k (business_id, conversation_id)
                  ON f.business_id = k.business_id AND f.conversation_id = k.conversation_id
                """)
                .param("businesses", distinct.stream().map(FlowKey::businessId).toArray(String[]::new))
                .param("conversations", distinct.stream().map(FlowKey::conversationId).toArray(Long[]::new))
                .query(this::map).list()
                .forEach(state -> states.put(new FlowKey(state.businessId(), state.conversationId()), state));
        distinct.forEach(key -> states.computeIfAbsent(key,
                missing -> FlowState.initial(missing.businessId(), missing.conversationId())));
        return states;
    }

    /** Stores {@code next} if the row is still at {@code next.version()}; returns the stored version. */
    long save(FlowState next) {
        return save(next, 1);
    }

    /**
     * Stores {@code next}, the result of {@code changes} state changes decided in one transaction, if the row is
     * still at {@code next.version()}: the version counts changes, whether they were saved one by one or together.
     */
    long save(FlowState next, int changes) {
        String sql = next.version() == 0 ? """
                INSERT INTO flow_state (business_id, conversation_id, asked_keys, last_question_key, asked_count,
                                        answers, handed_over, opted_out, assignee, version)
                VALUES (:business, :conversation, :askedKeys, :lastKey, :askedCount, CAST(:answers AS jsonb),
                        :handedOver, :optedOut, :assignee, :changes)
                ON CONFLICT DO NOTHING
                """ : """
                UPDATE flow_state SET asked_keys = :askedKeys, last_question_key = :lastKey, asked_count = :askedCount,
                       answers = CAST(:answers AS jsonb), handed_over = :handedOver, opted_out = :optedOut,
                       assignee = :assignee, version = version + :changes, updated_at = clock_timestamp()
                WHERE business_id = :business AND conversation_id = :conversation AND version = :version
                """;
        int rows = jdbc.sql(sql)
                .param("business", next.businessId())
                .param("conversation", next.conversationId())
                .param("askedKeys", next.askedKeys().toArray(String[]::new))
                .param("lastKey", next.lastQuestionKey(), Types.VARCHAR)
                .param("askedCount", next.askedCount())
                .param("answers", json.writeValueAsString(next.answers()))
                .param("handedOver", next.handedOver())
                .param("optedOut", next.optedOut())
                .param("assignee", next.assignee(), Types.VARCHAR)
                .param("version", next.version())
                .param("changes", changes)
                .update();
        if (rows != 1) {
            throw new OptimisticLockingFailureException("flow state of conversation " + next.conversationId()
                    + " moved past version " + next.version());
        }
        return next.version() + changes;
    }

    /** A person took or released the conversation: applied whatever the version, and it moves the version. */
    void assign(String businessId, long conversationId, String assignee) {
        jdbc.sql("""
                INSERT INTO flow_state (business_id, conversation_id, assignee, version)
                VALUES (:business, :conversation, :assignee, 1)
                ON CONFLICT (business_id, conversation_id) DO UPDATE
                SET assignee = excluded.assignee, version = flow_state.version + 1, updated_at = clock_timestamp()
                """)
                .param("business", businessId)
                .param("conversation", conversationId)
                .param("assignee", assignee, Types.VARCHAR)
                .update();
    }

    private FlowState map(ResultSet rs, int row) throws SQLException {
        Array keys = rs.getArray("asked_keys");
        return new FlowState(rs.getString("business_id"), rs.getLong("conversation_id"),
                keys == null ? List.of() : Arrays.asList((String[]) keys.getArray()),
                rs.getString("last_question_key"), rs.getInt("asked_count"),
                json.readValue(rs.getString("answers"), STRING_MAP), rs.getBoolean("handed_over"),
                rs.getBoolean("opted_out"), rs.getString("assignee"), rs.getLong("version"));
    }

}
