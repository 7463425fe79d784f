package io.leadline.contracts.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Recipient;
import java.time.Instant;
import java.util.Map;

/**
 * A message stored, exactly once, in its conversation.
 *
 * @param lastInboundAt when the customer last wrote (the start of WhatsApp's 24-hour window)
 * @param assignee      the person the conversation is assigned to, or null
 * @param leadFields    the lead's known fields after this message (field name to value)
 * @param receivedAt    when ingest accepted the webhook that carried it (optional; added after v1): the start of
 *                      the end-to-end latency a reply's send is measured against
 * @param gatewayInstance the gateway instance or session a {@code GATEWAY} message came through, which a reply goes
 *                      back through (optional; added after v1)
 */
public record MessageAccepted(
        String businessId,
        long conversationId,
        long messageId,
        long contactId,
        Direction direction,
        Channel channel,
        String providerMessageId,
        String messageType,
        String text,
        Instant sentAt,
        Instant lastInboundAt,
        Recipient replyTo,
        String assignee,
        Map<String, String> leadFields,
        Instant receivedAt,
        String gatewayInstance) implements LeadlineEvent {

    /** The v1 shape, without the arrival time. */
    public MessageAccepted(String businessId, long conversationId, long messageId, long contactId, Direction direction,
            Channel channel, String providerMessageId, String messageType, String text, Instant sentAt,
            Instant lastInboundAt, Recipient replyTo, String assignee, Map<String, String> leadFields) {
        this(businessId, conversationId, messageId, contactId, direction, channel, providerMessageId, messageType, text,
                sentAt, lastInboundAt, replyTo, assignee, leadFields, null, null);
    }

    /** The shape before the gateway instance, with the arrival time. */
    public MessageAccepted(String businessId, long conversationId, long messageId, long contactId, Direction direction,
            Channel channel, String providerMessageId, String messageType, String text, Instant sentAt,
            Instant lastInboundAt, Recipient replyTo, String assignee, Map<String, String> leadFields,
            Instant receivedAt) {
        this(businessId, conversationId, messageId, contactId, direction, channel, providerMessageId, messageType, text,
                sentAt, lastInboundAt, replyTo, assignee, leadFields, receivedAt, null);
    }

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
