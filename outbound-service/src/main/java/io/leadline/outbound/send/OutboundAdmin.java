package io.leadline.outbound.send;

import io.leadline.platform.AfterCommit;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the admin API reads and the one thing it may do: an explicit, audited re-send. */
@Service
public class OutboundAdmin {

    private final JdbcClient jdbc;
    private final DispatchSignal signal;

    OutboundAdmin(JdbcClient jdbc, DispatchSignal signal) {
        this.jdbc = jdbc;
        this.signal = signal;
    }

    public record Row(long id, String businessId, long conversationId, String origin, String replyType,
            String status, int attempts, String providerMessageId, Integer errorCode, String lastError,
            String dedupeKey, Instant createdAt, Instant updatedAt) {
    }

    public record Health(List<Row> recent, long collisions, Map<String, Long> countsByStatus) {
    }

    /** A re-send request's verdict: the row now PENDING, or why it was refused. */
    public sealed interface RetryResult {

        record Requeued(Row row, String previousStatus) implements RetryResult {
        }

        record NotFound() implements RetryResult {
        }

        record Refused(String status, String why) implements RetryResult {
        }
    }

    @Transactional(readOnly = true)
    public Health health() {
        List<Row> recent = jdbc.sql("""
                SELECT id, business_id, conversation_id, origin, reply_type, status, attempts, provider_message_id,
                       error_code, last_error, dedupe_key, created_at, updated_at
                FROM outbound_message ORDER BY id DESC LIMIT 20
                """).query(this::row).list();
        long collisions = jdbc.sql("SELECT count(*) FROM dedupe_collision").query(Long.class).single();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("PENDING", "SENDING", "SENT", "DELIVERED", "FAILED", "UNKNOWN")) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) FROM outbound_message GROUP BY status")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return new Health(recent, collisions, counts);
    }

    /** Every outbound row of one conversation, oldest first: its dedupe keys, statuses and times (seed 001). */
    @Transactional(readOnly = true)
    public List<Row> conversation(long conversationId) {
        return jdbc.sql("""
                SELECT id, business_id, conversation_id, origin, reply_type, status, attempts, provider_message_id,
                       error_code, last_error, dedupe_key, created_at, updated_at
                FROM outbound_message WHERE conversation_id = :conversation ORDER BY id
                """).param("conversation", conversationId).query(this::row).list();
    }

    /**
     * Puts a FAILED row (or, with {@code force}, an UNKNOWN one: a person accepts the risk of a second message)
     * back to PENDING, and audits who asked and why.
     */
    @Transactional
    public RetryResult retry(long id, boolean force, String actor, String reason) {
        Optional<String> status = jdbc.sql("SELECT status FROM outbound_message WHERE id = :id FOR UPDATE")
                .param("id", id).query(String.class).optional();
        if (status.isEmpty()) {
            return new RetryResult.NotFound();
        }
        String previous = status.get();
        if ("UNKNOWN".equals(previous) && !force) {
            return new RetryResult.Refused(previous, "The outcome of this send is unknown: WhatsApp may have"
                    + " delivered it. Re-send only with force=true, accepting a possible second message.");
        }
        if (!"FAILED".equals(previous) && !"UNKNOWN".equals(previous)) {
            return new RetryResult.Refused(previous, "Only a FAILED (or, with force=true, an UNKNOWN) send can be"
                    + " re-sent; this one is " + previous + ".");
        }
        jdbc.sql("""
                UPDATE outbound_message SET status = 'PENDING', attempts = 0, next_attempt_at = now(),
                                            updated_at = now()
                WHERE id = :id
                """).param("id", id).update();
        jdbc.sql("""
                INSERT INTO outbound_audit (outbound_id, action, actor, reason, previous_status, forced)
                VALUES (:id, 'RETRY', :actor, :reason, :previous, :forced)
                """)
                .param("id", id)
                .param("actor", actor)
                .param("reason", reason)
                .param("previous", previous)
                .param("forced", force)
                .update();
        AfterCommit.runOnce(signal, signal::wake);
        Row row = jdbc.sql("""
                SELECT id, business_id, conversation_id, origin, reply_type, status, attempts, provider_message_id,
                       error_code, last_error, dedupe_key, created_at, updated_at
                FROM outbound_message WHERE id = :id
                """).param("id", id).query(this::row).single();
        return new RetryResult.Requeued(row, previous);
    }

    private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Integer code = rs.getObject("error_code") == null ? null : rs.getInt("error_code");
        return new Row(rs.getLong("id"), rs.getString("business_id"), rs.getLong("conversation_id"),
                rs.getString("origin"), rs.getString("reply_type"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("provider_message_id"), code, rs.getString("last_error"), rs.getString("dedupe_key"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
