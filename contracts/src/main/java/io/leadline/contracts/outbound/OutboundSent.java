package io.leadline.contracts.outbound;

import io.leadline.contracts.Channel;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Recipient;
import java.time.Instant;

/**
 * WhatsApp accepted a send and gave it a provider message id.
 *
 * @param channel what the send went through (optional; added after v1, absent means {@code META_CLOUD}):
 *                {@code META_CLOUD} or {@code GATEWAY}. With the provider message id it names the message as the
 *                provider's own webhooks do, so a gateway's echo of the send is recognised as the same message
 */
public record OutboundSent(
        String businessId,
        long conversationId,
        long outboundId,
        String dedupeKey,
        String replyType,
        String questionKey,
        String text,
        Recipient recipient,
        String providerMessageId,
        Instant sentAt,
        Channel channel) implements LeadlineEvent {

    /** The v1 shape, without the channel. */
    public OutboundSent(String businessId, long conversationId, long outboundId, String dedupeKey, String replyType,
            String questionKey, String text, Recipient recipient, String providerMessageId, Instant sentAt) {
        this(businessId, conversationId, outboundId, dedupeKey, replyType, questionKey, text, recipient,
                providerMessageId, sentAt, null);
    }

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
