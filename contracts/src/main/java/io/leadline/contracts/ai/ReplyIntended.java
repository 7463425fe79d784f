package io.leadline.contracts.ai;

import io.leadline.contracts.Channel;
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
 * @param channel       the channel the customer wrote through, which the reply goes back through (optional; added
 *                      after v1): {@code GATEWAY} is sent through that gateway, anything else (or none) through the
 *                      WhatsApp Cloud API
 * @param gatewayInstance the gateway instance or session the customer wrote to, for {@code GATEWAY} (optional; added
 *                      after v1)
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
        Instant inboundReceivedAt,
        Channel channel,
        String gatewayInstance) implements LeadlineEvent {

    /** The v1 shape, without the inbound message's arrival time. */
    public ReplyIntended(String businessId, long conversationId, long inboundMessageId, String inboundProviderMessageId,
            String replyType, String questionKey, String text, Recipient recipient, Instant lastInboundAt) {
        this(businessId, conversationId, inboundMessageId, inboundProviderMessageId, replyType, questionKey, text,
                recipient, lastInboundAt, null);
    }

    /** The shape before the channel, with the inbound message's arrival time. */
    public ReplyIntended(String businessId, long conversationId, long inboundMessageId, String inboundProviderMessageId,
            String replyType, String questionKey, String text, Recipient recipient, Instant lastInboundAt,
            Instant inboundReceivedAt) {
        this(businessId, conversationId, inboundMessageId, inboundProviderMessageId, replyType, questionKey, text,
                recipient, lastInboundAt, inboundReceivedAt, null, null);
    }

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
