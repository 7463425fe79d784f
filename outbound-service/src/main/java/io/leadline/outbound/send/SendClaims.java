package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import io.leadline.outbound.OutboundProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims due rows for one dispatcher round and marks them SENDING with the attempt time, in a transaction that
 * commits before any request leaves. Rows are locked {@code FOR UPDATE SKIP LOCKED}, so any number of dispatchers
 * can run. The per-conversation send clock is reserved in the same transaction: a row whose conversation sent
 * within the gap stays PENDING and is put back until the gap has passed.
 */
@Component
class SendClaims {

    private final JdbcClient jdbc;
    private final Duration gap;

    SendClaims(JdbcClient jdbc, OutboundProperties properties) {
        this.jdbc = jdbc;
        this.gap = properties.pacing().conversationGap();
    }

    private record Candidate(long id, long conversationId) {
    }

    @Transactional
    public List<ClaimedSend> claimDue(int limit) {
        List<Candidate> candidates = jdbc.sql("""
                SELECT id, conversation_id FROM outbound_message
                WHERE status = 'PENDING' AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED
                """)
                .param("limit", limit)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getLong(2)))
                .list();
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Long> claim = new ArrayList<>();
        List<Long> deferred = new ArrayList<>();
        if (gap.isZero()) {
            candidates.forEach(candidate -> claim.add(candidate.id()));
        } else {
            // The oldest due row of each conversation competes for the clock; the rest of the batch waits its turn.
            Map<Long, Long> firstByConversation = new LinkedHashMap<>();
            for (Candidate candidate : candidates) {
                if (firstByConversation.putIfAbsent(candidate.conversationId(), candidate.id()) != null) {
                    deferred.add(candidate.id());
                }
            }
            Set<Long> reserved = new HashSet<>(reserveClock(List.copyOf(firstByConversation.values())));
            firstByConversation.forEach((conversation, id) -> (reserved.contains(conversation) ? claim : deferred)
                    .add(id));
        }
        if (!deferred.isEmpty()) {
            jdbc.sql("""
                    UPDATE outbound_message m
                    SET next_attempt_at = GREATEST(now(), c.last_send_at + make_interval(secs => :gap))
                    FROM conversation_send_clock c
                    WHERE m.id IN (:ids) AND c.conversation_id = m.conversation_id
                    """)
                    .param("gap", gap.toMillis() / 1000.0)
                    .param("ids", deferred)
                    .update();
        }
        return claim.isEmpty() ? List.of() : markSending(claim);
    }

    /**
     * Moves the clock of each row's conversation to now, where the last send is at least the gap ago; returns the
     * conversations it moved. A concurrent claimer of the same conversation waits on the clock row, then sees the
     * new time and loses.
     */
    private List<Long> reserveClock(List<Long> outboundIds) {
        return jdbc.sql("""
                INSERT INTO conversation_send_clock (conversation_id, business_id, last_send_at)
                SELECT conversation_id, business_id, now() FROM outbound_message WHERE id IN (:ids)
                ON CONFLICT (conversation_id) DO UPDATE SET last_send_at = excluded.last_send_at
                    WHERE conversation_send_clock.last_send_at <= now() - make_interval(secs => :gap)
                RETURNING conversation_id
                """)
                .param("ids", outboundIds)
                .param("gap", gap.toMillis() / 1000.0)
                .query(Long.class)
                .list();
    }

    private List<ClaimedSend> markSending(List<Long> ids) {
        return jdbc.sql("""
                UPDATE outbound_message SET status = 'SENDING', sending_at = now(), updated_at = now(),
                                            attempts = attempts + 1
                WHERE id IN (:ids)
                RETURNING id, business_id, conversation_id, dedupe_key, reply_type, question_key, text,
                          recipient_phone, recipient_wa_id, recipient_bsuid, recipient_lid, traceparent, attempts,
                          GREATEST(last_inbound_at, (SELECT w.last_inbound_at FROM conversation_window w
                                                     WHERE w.conversation_id = outbound_message.conversation_id))
                              AS window_from
                """)
                .param("ids", ids)
                .query((rs, n) -> {
                    Timestamp windowFrom = rs.getTimestamp("window_from");
                    return new ClaimedSend(rs.getLong("id"), rs.getString("business_id"),
                            rs.getLong("conversation_id"), rs.getString("dedupe_key"), rs.getString("reply_type"),
                            rs.getString("question_key"), rs.getString("text"),
                            new Recipient(rs.getString("recipient_phone"), rs.getString("recipient_wa_id"),
                                    rs.getString("recipient_bsuid"), rs.getString("recipient_lid")),
                            rs.getString("traceparent"), rs.getInt("attempts"),
                            windowFrom == null ? null : windowFrom.toInstant());
                })
                .list();
    }
}
