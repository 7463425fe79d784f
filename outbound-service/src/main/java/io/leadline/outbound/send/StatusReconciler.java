package io.leadline.outbound.send;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import io.leadline.outbound.send.EarlyStatuses.Status;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Applies WhatsApp's status webhooks to the outbound log. A status whose {@code biz_opaque_callback_data} names an
 * UNKNOWN row settles it: sent or delivered means the message did go out (SENT / DELIVERED, and the thread gets it).
 * A SENT row that is delivered becomes DELIVERED. Failed means WhatsApp accepted the request but could not deliver
 * it (Meta reports e.g. 131026 or 131047 this way, after the 200): an UNKNOWN or SENT row becomes FAILED with the
 * provider's code, and a person is asked to act; it is never re-sent automatically. Runs inside the consumer's
 * transaction.
 */
@Component
class StatusReconciler {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final OpsTasks tasks;
    private final EarlyStatuses early;
    private final RowLocks locks;
    private final DeliveredSends deliveredSends;
    private final MeterRegistry meters;

    StatusReconciler(JdbcClient jdbc, Outbox outbox, OpsTasks tasks, EarlyStatuses early, RowLocks locks,
            DeliveredSends deliveredSends, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.deliveredSends = deliveredSends;
        this.locks = locks;
        this.outbox = outbox;
        this.tasks = tasks;
        this.early = early;
        this.meters = meters;
    }

    private record Reconciled(long id, long conversationId, String dedupeKey, String replyType, String questionKey,
            String text, Recipient recipient, Channel channel) {
    }

    /**
     * A poll batch's statuses, in their order, after locking every row they name in one order. The common case, a
     * SENT row told it was delivered or read, is applied to all such rows in one statement (each customer message
     * brings three statuses, which one at a time cost two or three round trips each); a row with any other status in
     * the batch has all its statuses applied one by one, in their order ({@link #apply(DeliveryStatusReported)}).
     */
    void applyAll(List<EventEnvelope<DeliveryStatusReported>> statuses) {
        Map<Long, RowLocks.Locked> rows = locks.lockAndRead(statuses.stream()
                .map(envelope -> parse(envelope.payload().callbackData()))
                .flatMap(Optional::stream).distinct().toList());
        Set<Long> oneByOne = new HashSet<>();
        for (EventEnvelope<DeliveryStatusReported> envelope : statuses) {
            parse(envelope.payload().callbackData())
                    .filter(id -> !DeliveredSends.onlyDelivers(rows.get(id), envelope.payload()))
                    .ifPresent(oneByOne::add);
        }
        Map<Long, Instant> delivered = new LinkedHashMap<>();
        for (EventEnvelope<DeliveryStatusReported> envelope : statuses) {
            DeliveryStatusReported status = envelope.payload();
            Optional<Long> id = parse(status.callbackData());
            if (id.isPresent() && oneByOne.contains(id.get())) {
                try (var trace = Traces.continueOrStart(envelope.traceparent())) {
                    apply(status);
                }
            } else if (id.isPresent() && status.status() != DeliveryState.SENT
                    && "SENT".equals(rows.get(id.get()).status())) {
                delivered.putIfAbsent(id.get(), status.at() != null ? status.at() : Instant.now());
            }
        }
        deliveredSends.mark(delivered);
    }

    void apply(DeliveryStatusReported status) {
        Optional<Long> outboundId = parse(status.callbackData());
        if (outboundId.isEmpty() || status.status() == null) {
            return;
        }
        Integer code = status.errors() == null || status.errors().isEmpty() ? null : status.errors().getFirst().code();
        apply(new Status(status.businessId(), outboundId.get(), status.status(), status.providerMessageId(), code,
                status.at() != null ? status.at() : Instant.now()));
    }

    /** Applies what was kept for these sends while they were SENDING; their outcome has just been recorded. */
    void applyEarly(Collection<Long> outboundIds) {
        early.take(outboundIds).forEach(this::apply);
    }

    private void apply(Status status) {
        // The row's lock orders this against the recording of its outcome: either the outcome is in, or the status
        // is kept before the outcome's transaction can look for it.
        String current = jdbc.sql("SELECT status FROM outbound_message WHERE id = :id AND business_id = :business"
                        + " FOR UPDATE")
                .param("id", status.outboundId()).param("business", status.businessId())
                .query(String.class).optional().orElse(null);
        if ("SENDING".equals(current)) {
            early.park(status);
            return;
        }
        if (current == null) {
            return;
        }
        if (status.state() == DeliveryState.FAILED) {
            settleFailed(status.businessId(), status.outboundId(), status.wamid(), status.errorCode(), status.at());
            return;
        }
        settle(status);
    }

    private void settle(Status status) {
        Instant at = status.at();
        boolean delivered = status.state() != DeliveryState.SENT;
        String target = delivered ? "DELIVERED" : "SENT";
        Optional<Reconciled> row = jdbc.sql("""
                UPDATE outbound_message SET status = :target, provider_message_id = COALESCE(:wamid,
                    provider_message_id), sent_at = COALESCE(sent_at, :at),
                    delivered_at = CASE WHEN :delivered THEN COALESCE(delivered_at, :at) END, updated_at = now()
                WHERE id = :id AND business_id = :business AND status = 'UNKNOWN'
                      AND COALESCE(:wamid, provider_message_id) IS NOT NULL
                RETURNING id, conversation_id, dedupe_key, reply_type, question_key, text, recipient_phone,
                          recipient_wa_id, recipient_bsuid, recipient_lid, channel
                """)
                .param("target", target)
                .param("wamid", status.wamid())
                .param("at", Timestamp.from(at))
                .param("delivered", delivered)
                .param("id", status.outboundId())
                .param("business", status.businessId())
                .query((rs, n) -> new Reconciled(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), new Recipient(rs.getString(7), rs.getString(8),
                                rs.getString(9), rs.getString(10)), Channel.valueOf(rs.getString(11))))
                .optional();
        if (row.isPresent()) {
            Reconciled sent = row.get();
            outbox.publish(new OutboundSent(status.businessId(), sent.conversationId(), sent.id(), sent.dedupeKey(),
                    sent.replyType(), sent.questionKey(), sent.text(), sent.recipient(), status.wamid(),
                    at, sent.channel()));
            reconciled(target.toLowerCase()).increment();
        } else if (delivered) {
            jdbc.sql("""
                    UPDATE outbound_message SET status = 'DELIVERED', delivered_at = :at, updated_at = now()
                    WHERE id = :id AND business_id = :business AND status = 'SENT'
                    """)
                    .param("at", Timestamp.from(at))
                    .param("id", status.outboundId())
                    .param("business", status.businessId())
                    .update();
        }
    }

    private void settleFailed(String businessId, long id, String wamid, Integer code, Instant at) {
        String reason = "STATUS_WEBHOOK_FAILED: WhatsApp reported the send failed"
                + (code == null ? "" : " with error code " + code);
        // A SENT row only for the wamid it was sent as: a forced re-send must not fail by its first attempt's status.
        jdbc.sql("""
                UPDATE outbound_message SET status = 'FAILED', error_code = :code, last_error = :reason,
                                            updated_at = now()
                WHERE id = :id AND business_id = :business
                      AND (status = 'UNKNOWN' OR (status = 'SENT'
                           AND (CAST(:wamid AS text) IS NULL OR provider_message_id = :wamid)))
                RETURNING conversation_id, dedupe_key
                """)
                .param("code", code, java.sql.Types.INTEGER)
                .param("reason", reason)
                .param("id", id)
                .param("business", businessId)
                .param("wamid", wamid, java.sql.Types.VARCHAR)
                .query((rs, n) -> new OutboundFailed(businessId, rs.getLong(1), id, rs.getString(2), reason, code,
                        at))
                .optional()
                .ifPresent(failed -> {
                    outbox.publish(failed);
                    tasks.raise(OpsTasks.SEND_FAILED, businessId, failed.conversationId(), id, reason, code);
                    reconciled("failed").increment();
                });
    }

    private static Optional<Long> parse(String callbackData) {
        if (callbackData == null || callbackData.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(callbackData.trim()));
        } catch (NumberFormatException foreign) {
            return Optional.empty();
        }
    }

    private io.micrometer.core.instrument.Counter reconciled(String to) {
        return io.micrometer.core.instrument.Counter.builder("leadline.outbound.reconciled")
                .description("Sends whose outcome a status webhook settled, by the state it settled them to")
                .tag("to", to).register(meters);
    }
}
