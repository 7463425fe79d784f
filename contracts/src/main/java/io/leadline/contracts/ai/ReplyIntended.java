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
 * @param inboundReceivedAt when ingest accepted the webhook this replies to (optional; added after v1), for the
 *                      end-to-end latency measured at the send
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
        Instant lastInboundAt,
        Instant inboundReceivedAt) implements LeadlineEvent {

    /** The v1 shape, without the inbound message's arrival time. */
    public ReplyIntended(String businessId, long conversationId, long inboundMessageId, String inboundProviderMessageId,
            String replyType, String questionKey, String text, Recipient recipient, Instant lastInboundAt) {
        this(businessId, conversationId, inboundMessageId, inboundProviderMessageId, replyType, questionKey, text,
                recipient, lastInboundAt, null);
    }

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
