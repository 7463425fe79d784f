package io.leadline.conversation.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.conversation.conversation.ConversationRows.ConversationRow;
import io.leadline.conversation.lead.Leads;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hot path for a poll batch of {@code OutboundSent} events: the conversations touched, the sends stored, the
 * statuses that came first applied and a {@link MessageAccepted} published per new message, with a few statements
 * for the whole batch instead of six or more round trips per send. Each send's status lock is held for the whole
 * transaction, so the shorter it is, the less the status listener waits. The rules are those of
 * {@link Conversations#acceptOutbound(OutboundSent)}, which a single event still takes; what the set-based path does
 * not cover (a conversation merged away, a send confirming a row recorded failed or unknown before) fails the batch,
 * and the platform then applies it one event at a time, through {@link Conversations}.
 */
@Component
class OutboundRuns {

    static final String RUN_SENDS = "leadline.conversation.outbound.run.sends";

    private final OutboundRunRows rows;
    private final Conversations conversations;
    private final DeliveryStatuses statuses;
    private final StatusRounds statusRounds;
    private final Outbox outbox;
    private final Counter inRuns;

    OutboundRuns(OutboundRunRows rows, Conversations conversations, DeliveryStatuses statuses,
            StatusRounds statusRounds, Outbox outbox, MeterRegistry meters) {
        this.rows = rows;
        this.conversations = conversations;
        this.statuses = statuses;
        this.statusRounds = statusRounds;
        this.outbox = outbox;
        this.inRuns = Counter.builder(RUN_SENDS)
                .description("Outbound sends stored in set-based runs; the others went one by one")
                .register(meters);
    }

    /** A poll batch's sends, in their order, after taking their messages' status locks in one order. */
    @Transactional
    public void accept(List<EventEnvelope<OutboundSent>> run) {
        statuses.lockInOrder(run.stream()
                .map(send -> DeliveryStatuses.key(send.payload().businessId(), send.payload().providerMessageId()))
                .toList());
        if (run.size() == 1) {
            try (var trace = Traces.continueOrStart(run.getFirst().traceparent())) {
                conversations.acceptOutbound(run.getFirst().payload());
            }
            return;
        }
        List<OutboundSent> sends = run.stream().map(EventEnvelope::payload).toList();
        Map<Long, OutboundRunRows.Touched> touched = rows.touch(sends);
        if (touched.size() < sends.stream().map(OutboundSent::conversationId).distinct().count()
                || touched.values().stream().anyMatch(conversation -> conversation.row().mergedIntoId() != null)) {
            throw new IllegalStateException("a send of the run has no conversation or one merged away: one by one");
        }
        if (rows.confirmsEarlierRows(sends)) {
            throw new IllegalStateException("a send of the run confirms a row recorded before: one by one");
        }
        Map<Integer, Long> inserted = rows.insert(sends);
        List<DeliveryStatusReported> parked = rows.takeParked(inserted.keySet().stream().sorted().map(sends::get)
                .toList());
        statusRounds.applyToStored(parked); // their messages were inserted just above
        for (int i = 0; i < sends.size(); i++) {
            Long messageId = inserted.get(i);
            if (messageId != null) {
                try (var trace = Traces.continueOrStart(run.get(i).traceparent())) {
                    publish(sends.get(i), messageId, touched.get(sends.get(i).conversationId()));
                }
            }
        }
        inRuns.increment(sends.size());
    }

    private void publish(OutboundSent sent, long messageId, OutboundRunRows.Touched touched) {
        ConversationRow conversation = touched.row();
        Channel channel = OutboundRunRows.channel(sent);
        outbox.publish(new MessageAccepted(sent.businessId(), conversation.id(), messageId, conversation.contactId(),
                Direction.OUTBOUND, channel, sent.providerMessageId(), "text", sent.text(), sent.sentAt(),
                conversation.lastInboundAt(), sent.recipient(), conversation.assignee(),
                Leads.Snapshot.fromJson(touched.leadJson()).known()));
    }
}
