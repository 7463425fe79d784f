package io.leadline.contracts.outbound;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;

/**
 * A send that will not be made: rejected by WhatsApp, out of retries, or outside the 24-hour window.
 *
 * @param errorCode Meta's error code, when WhatsApp answered with one
 */
public record OutboundFailed(
        String businessId,
        long conversationId,
        long outboundId,
        String dedupeKey,
        String reason,
        Integer errorCode,
        Instant failedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
