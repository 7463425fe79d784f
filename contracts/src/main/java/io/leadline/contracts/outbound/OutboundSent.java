package io.leadline.contracts.outbound;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Recipient;
import java.time.Instant;

/** WhatsApp accepted a send and gave it a provider message id. */
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
        Instant sentAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
