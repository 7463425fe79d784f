package io.leadline.conversation.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.conversation.config.ConversationProperties;
import io.leadline.conversation.conversation.ConversationRows.ConversationRow;
import io.leadline.conversation.conversation.MessageStore.NewMessage;
import io.leadline.conversation.lead.LeadExtractor;
import io.leadline.conversation.lead.Leads;
import io.leadline.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts every message, inbound or outbound, into its person's one conversation and publishes
 * {@link MessageAccepted} exactly when a new row was stored. A duplicate delivery, sequential or concurrent,
 * finds the row already there and publishes nothing.
 */
@Service
class Conversations {

    private final ConversationRows conversations;
    private final MessageStore messages;
    private final DeliveryStatuses statuses;
    private final Leads leads;
    private final Outbox outbox;
    private final ConversationProperties properties;
    private final Counter duplicates;

    Conversations(ConversationRows conversations, MessageStore messages, DeliveryStatuses statuses, Leads leads,
            Outbox outbox, ConversationProperties properties, MeterRegistry meters) {
        this.duplicates = duplicatesCounter(meters);
        this.conversations = conversations;
        this.messages = messages;
        this.statuses = statuses;
        this.leads = leads;
        this.outbox = outbox;
        this.properties = properties;
    }

    static Counter duplicatesCounter(MeterRegistry meters) {
        return Counter.builder("leadline.messages.duplicates")
                .description("Messages already in the message table (same business, channel, provider id)")
                .register(meters);
    }

    /** The row a resolved message becomes (its conversation still to be found); refuses one that cannot be stored. */
    static NewMessage newMessage(InboundMessageResolved resolved) {
        InboundMessageReceived message = resolved.message();
        if (message == null || message.providerMessageId() == null || message.sentAt() == null
                || resolved.contact() == null) {
            throw new IllegalArgumentException("a resolved message needs a contact, a provider message id and a timestamp");
        }
        // A message the business typed on its own phone (echoed by a gateway) is outbound in the same thread.
        Direction direction = message.fromBusiness() ? Direction.OUTBOUND : Direction.INBOUND;
        Instant receivedAt = message.receivedAt() == null ? Instant.now() : message.receivedAt();
        return new NewMessage(0, resolved.businessId(), message.channel(), message.providerMessageId(),
                direction, message.messageType(), message.text(), message.sentAt(), receivedAt, null,
                direction == Direction.OUTBOUND ? "SENT" : null);
    }

    @Transactional
    public void acceptInbound(InboundMessageResolved resolved) {
        NewMessage row = newMessage(resolved);
        InboundMessageReceived message = resolved.message();
        ContactCard card = resolved.contact();
        Direction direction = row.direction();
        Instant receivedAt = row.receivedAt();
        ConversationRows.Stored stored = conversations.upsertWithMessage(resolved, direction == Direction.INBOUND, row);
        ConversationRow conversation = stored.conversation();
        Optional<Long> inserted = stored.followedMerge() ? messages.insert(row.in(conversation.id()))
                : Optional.ofNullable(stored.messageId());
        if (inserted.isEmpty()) {
            // The message table's unique key caught a redelivery: the second dedupe layer at work.
            duplicates.increment();
        }
        inserted.ifPresent(messageId -> {
            Map<String, String> lead;
            if (direction == Direction.INBOUND && conversation.deleted()) {
                conversations.undelete(conversation.id());
            }
            if (direction == Direction.INBOUND) {
                Map<String, String> found = LeadExtractor.extract(message.text(),
                        properties.business(resolved.businessId()), message.sentAt());
                lead = !stored.followedMerge()
                        ? leads.autoFill(resolved.businessId(), conversation.contactId(), messageId, found,
                                Leads.Snapshot.fromJson(stored.leadJson()))
                        : leads.autoFill(resolved.businessId(), conversation.contactId(), messageId, found);
            } else {
                statuses.applyParked(resolved.businessId(), message.providerMessageId());
                lead = leads.known(resolved.businessId(), conversation.contactId());
            }
            Recipient replyTo = card == null ? null : card.replyTo();
            outbox.publish(new MessageAccepted(resolved.businessId(), conversation.id(), messageId,
                    conversation.contactId(), direction, message.channel(), message.providerMessageId(),
                    message.messageType(), message.text(), message.sentAt(), conversation.lastInboundAt(),
                    replyTo, conversation.assignee(), lead, receivedAt, message.gatewayInstance()));
        });
    }

    /**
     * A send WhatsApp accepted, stored under the channel it went through ({@code META_CLOUD} when the event names
     * none). A gateway echoes our own sends back as the business's messages with the same id: stored under
     * {@code GATEWAY}, the echo and the send are one row, whichever comes first. Statuses find the row whichever
     * channel reports them (Kapso relays the Cloud API's ids), see {@link DeliveryStatuses}.
     */
    @Transactional
    public void acceptOutbound(OutboundSent sent) {
        ConversationRow conversation = conversations.touch(sent.businessId(), sent.conversationId(), sent.sentAt());
        Channel channel = sent.channel() == null ? Channel.META_CLOUD : sent.channel();
        if (messages.confirmSend(sent.businessId(), channel, sent.outboundId(), sent.providerMessageId(),
                sent.sentAt()).isPresent()) {
            statuses.applyParked(sent.businessId(), sent.providerMessageId());
            return;
        }
        messages.insert(new NewMessage(conversation.id(), sent.businessId(), channel,
                        sent.providerMessageId(), Direction.OUTBOUND, "text", sent.text(), sent.sentAt(), sent.sentAt(),
                        sent.outboundId(), "SENT"))
                .ifPresent(messageId -> {
                    statuses.applyParked(sent.businessId(), sent.providerMessageId());
                    outbox.publish(new MessageAccepted(sent.businessId(), conversation.id(), messageId,
                            conversation.contactId(), Direction.OUTBOUND, channel, sent.providerMessageId(),
                            "text", sent.text(), sent.sentAt(), conversation.lastInboundAt(), sent.recipient(),
                            conversation.assignee(), leads.known(sent.businessId(), conversation.contactId())));
                });
    }

    /** A send that will not be made still shows in the thread, marked failed with the reason. */
    @Transactional
    public void recordFailedSend(OutboundFailed failed) {
        recordUnsent(failed.businessId(), failed.conversationId(), failed.outboundId(), "FAILED", failed.reason(),
                failed.errorCode(), failed.failedAt());
    }

    /** A send whose outcome is unknown shows as such until a status or a late confirmation settles it. */
    @Transactional
    public void recordUnknownSend(OutboundOutcomeUnknown unknown) {
        recordUnsent(unknown.businessId(), unknown.conversationId(), unknown.outboundId(), "UNKNOWN", unknown.reason(),
                null, unknown.at());
    }

    private void recordUnsent(String businessId, long conversationId, long outboundId, String status, String reason,
            Integer errorCode, Instant at) {
        Instant when = at == null ? Instant.now() : at;
        ConversationRow conversation = conversations.touch(businessId, conversationId, when);
        messages.insert(new NewMessage(conversation.id(), businessId, Channel.META_CLOUD, null, Direction.OUTBOUND,
                "text", null, when, when, outboundId, status))
                .ifPresent(messageId -> messages.describeFailure(messageId, errorCode, reason));
    }
}
