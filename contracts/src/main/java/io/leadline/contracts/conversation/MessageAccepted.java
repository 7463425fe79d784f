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
        Map<String, String> leadFields) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
