package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.platform.AfterCommit;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbound log: every intended send, claimed by its dedupe key before WhatsApp is ever called. Each state
 * change is its own transaction, so the row says SENDING before the request leaves.
 */
@Service
class OutboundLog {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final DispatchSignal signal;
    private final Counter collisions;

    OutboundLog(JdbcClient jdbc, Outbox outbox, DispatchSignal signal, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.signal = signal;
        this.collisions = Counter.builder("leadline.outbound.dedupe.collisions")
                .description("Intents refused because their dedupe key was already taken").register(meters);
    }

    @Transactional
    public void accept(ReplyIntended intent) {
        String key = DedupeKey.of(intent.conversationId(), intent.replyType(), intent.questionKey(),
                intent.inboundMessageId(), Instant.now());
        Recipient to = intent.recipient();
        boolean inserted = jdbc.sql("""
                INSERT INTO outbound_message (business_id, conversation_id, dedupe_key, inbound_message_id,
                    reply_type, question_key, text, recipient_phone, recipient_wa_id, recipient_bsuid, traceparent)
                VALUES (:business, :conversation, :key, :inbound, :type, :question, :text, :phone, :waId, :bsuid,
                    :traceparent)
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
                .param("business", intent.businessId())
                .param("conversation", intent.conversationId())
                .param("key", key)
                .param("inbound", intent.inboundMessageId())
                .param("type", intent.replyType())
                .param("question", intent.questionKey())
                .param("text", intent.text())
                .param("phone", to == null ? null : to.phoneE164())
                .param("waId", to == null ? null : to.waId())
                .param("bsuid", to == null ? null : to.bsuid())
                .param("traceparent", Traces.current())
                .update() == 1;
        if (inserted) {
            AfterCommit.runOnce(signal, signal::wake);
        } else {
            collisions.increment();
        }
    }

    /** Claims due rows and marks them SENDING; several dispatchers never claim the same row. */
    @Transactional
    public List<ClaimedSend> claimDue(int limit) {
        return jdbc.sql("""
                UPDATE outbound_message SET status = 'SENDING', sending_at = now(), updated_at = now(),
                                            attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbound_message
                             WHERE status = 'PENDING' AND next_attempt_at <= now()
                             ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING id, business_id, conversation_id, dedupe_key, reply_type, question_key, text,
                          recipient_phone, recipient_wa_id, recipient_bsuid, traceparent, attempts
                """)
                .param("limit", limit)
                .query((rs, n) -> new ClaimedSend(rs.getLong("id"), rs.getString("business_id"),
                        rs.getLong("conversation_id"), rs.getString("dedupe_key"), rs.getString("reply_type"),
                        rs.getString("question_key"), rs.getString("text"),
                        new Recipient(rs.getString("recipient_phone"), rs.getString("recipient_wa_id"),
                                rs.getString("recipient_bsuid")),
                        rs.getString("traceparent"), rs.getInt("attempts")))
                .list();
    }

    @Transactional
    public void markSent(ClaimedSend send, String providerMessageId, Instant sentAt) {
        jdbc.sql("""
                UPDATE outbound_message SET status = 'SENT', provider_message_id = :wamid, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("wamid", providerMessageId)
                .param("id", send.id())
                .update();
        outbox.publish(new OutboundSent(send.businessId(), send.conversationId(), send.id(), send.dedupeKey(),
                send.replyType(), send.questionKey(), send.text(), send.recipient(), providerMessageId, sentAt));
    }

    @Transactional
    public void markFailed(ClaimedSend send, String reason, Integer errorCode) {
        jdbc.sql("""
                UPDATE outbound_message SET status = 'FAILED', last_error = :reason, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("reason", reason)
                .param("id", send.id())
                .update();
        outbox.publish(new OutboundFailed(send.businessId(), send.conversationId(), send.id(), send.dedupeKey(),
                reason, errorCode, Instant.now()));
    }
}
