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
import java.util.function.Function;
import java.util.function.IntFunction;
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

    /** One conversation's new state and the number of state changes that led to it within one transaction. */
    record Change(FlowState next, int changes) {
    }

    /**
     * Stores the new states of a batch's conversations with two statements, new rows and updated ones, where one
     * statement per conversation made a batch of new customers as many round trips as messages. Each update still
     * presents the version it read, and the whole batch fails if any row moved meanwhile.
     */
    void saveAll(List<Change> changes) {
        List<Change> created = changes.stream().filter(change -> change.next().version() == 0).toList();
        List<Change> updated = changes.stream().filter(change -> change.next().version() > 0).toList();
        int inserted = created.isEmpty() ? 0 : batch("""
                INSERT INTO flow_state (business_id, conversation_id, asked_keys, last_question_key, asked_count,
                                        answers, handed_over, opted_out, assignee, version)
                SELECT n.business, n.conversation, %s, n.last_key, n.asked_count, n.answers, n.handed_over,
                       n.opted_out, n.assignee, n.changes
                FROM %s
                ORDER BY n.position
                ON CONFLICT DO NOTHING
                """, created);
        int moved = updated.isEmpty() ? 0 : batch("""
                UPDATE flow_state f SET asked_keys = %s, last_question_key = n.last_key, asked_count = n.asked_count,
                       answers = n.answers, handed_over = n.handed_over, opted_out = n.opted_out,
                       assignee = n.assignee, version = f.version + n.changes, updated_at = clock_timestamp()
                FROM %s
                WHERE f.business_id = n.business AND f.conversation_id = n.conversation AND f.version = n.version
                """, updated);
        if (inserted != created.size() || moved != updated.size()) {
            throw new OptimisticLockingFailureException((created.size() - inserted + updated.size() - moved)
                    + " of " + changes.size() + " flow states moved past the version this batch read");
        }
    }

    /** Runs a statement over the batch's rows, given as {@code n} (the asked keys travel as one JSON array a row). */
    private int batch(String template, List<Change> rows) {
        String askedKeys = "ARRAY(SELECT k FROM jsonb_array_elements_text(n.asked_keys) WITH ORDINALITY AS a (k, i) ORDER BY i)";
        String table = """
                unnest(CAST(:businesses AS text[]), CAST(:conversations AS bigint[]),
                       CAST(CAST(:askedKeys AS text[]) AS jsonb[]), CAST(:lastKeys AS text[]), CAST(:askedCounts AS int[]),
                       CAST(CAST(:answers AS text[]) AS jsonb[]), CAST(:handedOver AS boolean[]),
                       CAST(:optedOut AS boolean[]), CAST(:assignees AS text[]), CAST(:versions AS bigint[]),
                       CAST(:changes AS int[]))
                    WITH ORDINALITY AS n (business, conversation, asked_keys, last_key, asked_count, answers,
                                          handed_over, opted_out, assignee, version, changes, position)""";
        return jdbc.sql(template.formatted(askedKeys, table))
                .param("businesses", column(rows, FlowState::businessId, String[]::new))
                .param("conversations", column(rows, FlowState::conversationId, Long[]::new))
                .param("askedKeys", column(rows, state -> json.writeValueAsString(state.askedKeys()), String[]::new))
                .param("lastKeys", column(rows, FlowState::lastQuestionKey, String[]::new))
                .param("askedCounts", column(rows, FlowState::askedCount, Integer[]::new))
                .param("answers", column(rows, state -> json.writeValueAsString(state.answers()), String[]::new))
                .param("handedOver", column(rows, FlowState::handedOver, Boolean[]::new))
                .param("optedOut", column(rows, FlowState::optedOut, Boolean[]::new))
                .param("assignees", column(rows, FlowState::assignee, String[]::new))
                .param("versions", column(rows, FlowState::version, Long[]::new))
                .param("changes", rows.stream().map(Change::changes).toArray(Integer[]::new))
                .update();
    }

    private static <T> T[] column(List<Change> rows, Function<FlowState, T> value, IntFunction<T[]> array) {
        return rows.stream().map(change -> value.apply(change.next())).toArray(array);
    }

    /** Stores {@code next} if the row is still at {@code next.version()}; returns the stored version. */
    long save(FlowState next) {
        saveAll(List.of(new Change(next, 1)));
        return next.version() + 1;
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
