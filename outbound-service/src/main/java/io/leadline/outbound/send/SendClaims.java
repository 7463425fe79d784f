package io.leadline.outbound.send;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Recipient;
import io.leadline.outbound.OutboundProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims due rows for one dispatcher round, locked {@code FOR UPDATE SKIP LOCKED} so any number of dispatchers can
 * run. A row is marked SENDING only once nothing stands between it and its request: it passed the rules, it holds a
 * place among the calls in flight and its number's token, and it won its conversation's send clock. The transaction
 * commits before any request leaves; the requests follow at once.
 */
@Component
class SendClaims {

    private final JdbcClient jdbc;
    private final SendGate gate;
    private final Outcomes outcomes;
    private final Duration window;
    private final OutboundProperties.Gateway gateways;
    private final boolean clocked;
    // Claims of one conversation are spaced by the gap plus the write deadline: a request starts within the
    // deadline of its claim, so the requests themselves are at least the gap apart.
    private final double clockSeconds;

    SendClaims(JdbcClient jdbc, SendGate gate, Outcomes outcomes, OutboundProperties properties) {
        this.jdbc = jdbc;
        this.gate = gate;
        this.outcomes = outcomes;
        this.window = properties.pacing().window();
        this.gateways = properties.gateway();
        this.clocked = !properties.pacing().conversationGap().isZero();
        this.clockSeconds = properties.pacing().conversationGap().plus(properties.dispatcher().writeDeadline())
                .toMillis() / 1000.0;
    }

    /**
     * @param sends         the rows now SENDING
     * @param full          as many rows were due as the claim looked at, or it ran out of places: more may wait
     * @param progressed    some row was claimed, failed or deferred (false: every due row waits for a token)
     * @param nanosToToken  how long until a token is there for a row that waits for one, or 0
     */
    record Claim(List<ClaimedSend> sends, boolean full, boolean progressed, long nanosToToken) {

        static final Claim NONE = new Claim(List.of(), false, false, 0);
    }

    /**
     * Claims at most {@code limit} rows, to be written before {@code writeBy}, with the places and tokens of the
     * budget (which the caller settles after the commit, or refunds if the claim fails).
     */
    @Transactional
    public Claim claimDue(int limit, long writeBy, ClaimBudget budget) {
        SendGate.Waiting waiting = gate.withoutToken();
        List<ClaimedSend> due = due(limit, waiting.businesses());
        List<ClaimedSend> ready = new ArrayList<>();
        List<Long> deferred = new ArrayList<>();
        Set<Long> conversations = new HashSet<>();
        int failed = 0;
        boolean outOfPlaces = false;
        long nanosToToken = waiting.nanosToToken();
        Instant now = Instant.now();
        for (ClaimedSend send : due) {
            String broken = SendRules.broken(send, window, now, gateways);
            if (broken != null) {
                outcomes.failUnclaimed(send, broken);
                failed++;
            } else if (clocked && !conversations.add(send.conversationId())) {
                deferred.add(send.id()); // behind an earlier reply of its conversation in this round
            } else if (!budget.placesFor(ready.size() + 1)) {
                outOfPlaces = true; // left PENDING, untouched: the next round takes it
                break;
            } else {
                long wait = budget.takeToken(send.sender());
                if (wait == 0) {
                    ready.add(send);
                } else {
                    nanosToToken = nanosToToken == 0 ? wait : Math.min(nanosToToken, wait);
                }
            }
        }
        Set<Long> sending = markSending(ready);
        for (ClaimedSend lost : ready.stream().filter(send -> !sending.contains(send.id())).toList()) {
            deferred.add(lost.id()); // its conversation's clock was taken meanwhile
            budget.returnToken(lost.sender());
        }
        defer(deferred);
        List<ClaimedSend> claimed = ready.stream().filter(send -> sending.contains(send.id()))
                .map(send -> send.claimed(writeBy)).toList();
        return new Claim(claimed, outOfPlaces || due.size() == limit,
                !claimed.isEmpty() || failed > 0 || !deferred.isEmpty(), nanosToToken);
    }

    private List<ClaimedSend> due(int limit, List<String> waitingForToken) {
        return jdbc.sql("""
                SELECT m.id, m.business_id, m.conversation_id, m.dedupe_key, m.reply_type, m.question_key, m.text,
                       m.recipient_phone, m.recipient_wa_id, m.recipient_bsuid, m.recipient_lid, m.traceparent,
                       m.attempts, m.channel, m.gateway_instance,
                       GREATEST(m.last_inbound_at, w.last_inbound_at) AS window_from
                FROM outbound_message m LEFT JOIN conversation_window w ON w.conversation_id = m.conversation_id
                WHERE m.status = 'PENDING' AND m.next_attempt_at <= now()
                """ + (waitingForToken.isEmpty() ? "" : " AND m.business_id <> ALL(:waiting) ") + """
                ORDER BY m.next_attempt_at, m.id LIMIT :limit FOR UPDATE OF m SKIP LOCKED
                """)
                .params(waitingForToken.isEmpty() ? Map.of("limit", limit)
                        : Map.of("limit", limit, "waiting", waitingForToken.toArray(String[]::new)))
                .query(this::candidate)
                .list();
    }

    private ClaimedSend candidate(ResultSet rs, int n) throws SQLException {
        Timestamp windowFrom = rs.getTimestamp("window_from");
        String businessId = rs.getString("business_id");
        return new ClaimedSend(rs.getLong("id"), businessId, rs.getLong("conversation_id"),
                rs.getString("dedupe_key"), rs.getString("reply_type"), rs.getString("question_key"),
                rs.getString("text"), new Recipient(rs.getString("recipient_phone"), rs.getString("recipient_wa_id"),
                        rs.getString("recipient_bsuid"), rs.getString("recipient_lid")),
                rs.getString("traceparent"), rs.getInt("attempts"),
                windowFrom == null ? null : windowFrom.toInstant(), gate.phoneNumberId(businessId).orElse(null),
                Channel.valueOf(rs.getString("channel")), rs.getString("gateway_instance"), 0);
    }

    /**
     * Marks the rows SENDING whose conversation's clock can move to now (its last claim is far enough back), and
     * moves it, in one statement; returns the rows marked. A concurrent claimer of the same conversation waits on
     * the clock row, then sees the new time and loses.
     */
    private Set<Long> markSending(List<ClaimedSend> ready) {
        if (ready.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(markSendingSql(clocked))
                .param("ids", ready.stream().map(ClaimedSend::id).toArray(Long[]::new))
                .param("spacing", clockSeconds)
                .query(Long.class)
                .list());
    }

    /**
     * The rows were PENDING when this transaction locked them, so the update names them by id alone. With a
     * {@code status = 'PENDING'} check, a generic plan on a table without statistics reads the partial due index
     * (its second column is the id) from end to end: under a backlog of 20,000 rows that was 56,000 buffers and
     * 120 ms for every claim, the most expensive statement of the outbound benchmark.
     */
    static String markSendingSql(boolean clocked) {
        String clock = !clocked ? "" : """
                WITH reserved AS (
                    INSERT INTO conversation_send_clock (conversation_id, business_id, last_send_at)
                    SELECT conversation_id, business_id, now() FROM outbound_message WHERE id = ANY(:ids)
                    ON CONFLICT (conversation_id) DO UPDATE SET last_send_at = excluded.last_send_at
                        WHERE conversation_send_clock.last_send_at <= now() - make_interval(secs => :spacing)
                    RETURNING conversation_id)
                """;
        return clock + """
                UPDATE outbound_message SET status = 'SENDING', sending_at = now(), updated_at = now(),
                                            attempts = attempts + 1
                WHERE id = ANY(:ids)
                """ + (clocked ? " AND conversation_id IN (SELECT conversation_id FROM reserved) " : "") + """
                RETURNING id
                """;
    }

    /** Puts rows whose conversation sent too recently back until its clock allows them. */
    private void defer(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE outbound_message m
                SET next_attempt_at = GREATEST(now(), c.last_send_at + make_interval(secs => :spacing))
                FROM conversation_send_clock c
                WHERE m.id = ANY(:ids) AND c.conversation_id = m.conversation_id
                """)
                .param("spacing", clockSeconds)
                .param("ids", ids.toArray(Long[]::new))
                .update();
    }
}
