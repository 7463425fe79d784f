package io.leadline.contracts.ai;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Recipient;
import java.time.Instant;

/**
 * The one reply the AI decided for one inbound message.
 *
 * @param replyType     e.g. {@code QUESTION}, {@code HANDOVER}
 * @param questionKey   the qualification question asked, or null
 * @param lastInboundAt when the customer last wrote (WhatsApp's 24-hour window)
 */
public record ReplyIntended(
        String businessId,
        long conversationId,
        long inboundMessageId,
        String inboundProviderMessageId,
        String replyType,
        String questionKey,
        String text,
        Recipient recipient,
        Instant lastInboundAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
