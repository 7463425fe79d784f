package io.leadline.conversation.conversation;

import io.leadline.contracts.Direction;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.conversation.config.ConversationProperties;
import io.leadline.conversation.conversation.InboundRunRows.Item;
import io.leadline.conversation.conversation.InboundRunRows.Target;
import io.leadline.conversation.conversation.MessageStore.NewMessage;
import io.leadline.conversation.lead.LeadExtractor;
import io.leadline.conversation.lead.LeadRun;
import io.leadline.conversation.lead.Leads;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The inbound hot path for a run of {@code InboundMessageResolved} events of one poll batch (the platform's
 * {@code onBatch}): one conversation upsert, one message insert and one lead write for the whole run instead of a
 * round trip or two per message, then one {@link MessageAccepted} per new message in the run's order, each with the
 * conversation and lead as of that message. The rules are those of {@link Conversations#acceptInbound}, which a
 * single event still takes. What the set-based path does not cover (a key whose conversation was merged away, a
 * lead field a person edited during the run) fails the run: the platform then applies the poll batch again one
 * event at a time, through {@link Conversations}, in the same order.
 */
@Component
class InboundRuns {

    static final String RUN_MESSAGES = "leadline.conversation.inbound.run.messages";

    private final InboundRunRows rows;
    private final Conversations conversations;
    private final DeliveryStatuses statuses;
    private final Leads leads;
    private final Outbox outbox;
    private final ConversationProperties properties;
    private final JdbcClient jdbc;
    private final Counter duplicates;
    private final Counter inRuns;

    InboundRuns(InboundRunRows rows, Conversations conversations, DeliveryStatuses statuses, Leads leads, Outbox outbox,
            ConversationProperties properties, JdbcClient jdbc, MeterRegistry meters) {
        this.rows = rows;
        this.conversations = conversations;
        this.statuses = statuses;
        this.leads = leads;
        this.outbox = outbox;
        this.properties = properties;
        this.jdbc = jdbc;
        this.duplicates = Conversations.duplicatesCounter(meters);
        this.inRuns = Counter.builder(RUN_MESSAGES)
                .description("Inbound messages applied in set-based runs; the others went one by one")
                .register(meters);
    }

    void accept(List<EventEnvelope<InboundMessageResolved>> run) {
        if (run.size() == 1) {
            try (var trace = Traces.continueOrStart(run.getFirst().traceparent())) {
                conversations.acceptInbound(run.getFirst().payload());
            }
            return;
        }
        List<Item> items = new ArrayList<>();
        for (EventEnvelope<InboundMessageResolved> envelope : run) {
            InboundMessageResolved resolved = envelope.payload();
            items.add(new Item(items.size(), resolved, Conversations.newMessage(resolved),
                    !resolved.message().fromBusiness()));
        }
        Map<Integer, Target> targets = rows.upsertConversations(items);
        if (targets.values().stream().anyMatch(target -> target.conversation().mergedIntoId() != null)) {
            throw new IllegalStateException("a message of the run goes to a conversation merged away: one by one");
        }
        Map<Integer, Long> inserted = rows.insertMessages(items, targets);
        LeadRun lead = leads.run();
        Map<Integer, Map<String, String>> leadAfter = new HashMap<>();
        Map<Long, Leads.Snapshot> starts = new HashMap<>();
        Set<Long> customerWroteTo = new HashSet<>();
        for (Item item : items) {
            Long messageId = inserted.get(item.ord());
            if (messageId == null) {
                duplicates.increment();
                continue;
            }
            Target target = targets.get(item.ord());
            InboundMessageReceived message = item.resolved().message();
            String business = item.resolved().businessId();
            long contact = target.conversation().contactId();
            Leads.Snapshot start = starts.computeIfAbsent(target.conversation().id(),
                    id -> Leads.Snapshot.fromJson(target.leadJson()));
            if (item.customerWrote()) {
                customerWroteTo.add(target.conversation().id());
                leadAfter.put(item.ord(), lead.apply(business, contact, messageId, LeadExtractor.extract(
                        message.text(), properties.business(business), message.sentAt()), start));
            } else {
                statuses.applyParked(business, message.providerMessageId());
                leadAfter.put(item.ord(), lead.known(business, contact, start));
            }
        }
        lead.write();
        undelete(customerWroteTo, targets);
        publish(run, items, targets, inserted, leadAfter);
        inRuns.increment(items.size());
    }

    /** The customer wrote again: deleted conversations come back (see {@link ConversationRows#undelete}). */
    private void undelete(Set<Long> customerWroteTo, Map<Integer, Target> targets) {
        List<Long> deleted = targets.values().stream().map(Target::conversation)
                .filter(conversation -> conversation.deleted() && customerWroteTo.contains(conversation.id()))
                .map(ConversationRows.ConversationRow::id).distinct().toList();
        if (!deleted.isEmpty()) {
            jdbc.sql("UPDATE conversation SET deleted_at = NULL WHERE id = ANY(:ids)")
                    .param("ids", deleted.toArray(Long[]::new)).update();
        }
    }

    private void publish(List<EventEnvelope<InboundMessageResolved>> run, List<Item> items, Map<Integer, Target> targets,
            Map<Integer, Long> inserted, Map<Integer, Map<String, String>> leadAfter) {
        // The last inbound time as of each message: before the run, moved by the run's messages up to it.
        Map<Long, Instant> lastInbound = new HashMap<>();
        for (Item item : items) {
            Target target = targets.get(item.ord());
            long conversationId = target.conversation().id();
            lastInbound.putIfAbsent(conversationId, target.lastInboundBefore());
            Instant sentAt = item.resolved().message().sentAt();
            if (item.customerWrote()) {
                lastInbound.merge(conversationId, sentAt, (a, b) -> a == null || b.isAfter(a) ? b : a);
            }
            Long messageId = inserted.get(item.ord());
            if (messageId == null) {
                continue;
            }
            InboundMessageResolved resolved = item.resolved();
            NewMessage message = item.message();
            try (var trace = Traces.continueOrStart(run.get(item.ord()).traceparent())) {
                outbox.publish(new MessageAccepted(resolved.businessId(), conversationId, messageId,
                        target.conversation().contactId(), message.direction(), message.channel(),
                        message.providerMessageId(), message.type(), message.text(), message.sentAt(),
                        lastInbound.get(conversationId), resolved.contact() == null ? null : resolved.contact().replyTo(),
                        target.conversation().assignee(), leadAfter.get(item.ord()), message.receivedAt(),
                        resolved.message().gatewayInstance()));
            }
        }
    }
}
