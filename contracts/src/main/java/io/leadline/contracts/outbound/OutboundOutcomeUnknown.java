package io.leadline.contracts.outbound;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;

/**
 * A send whose request reached WhatsApp but whose answer did not come back. It is never repeated
 * automatically: a status webhook may reconcile it, otherwise a person decides.
 */
public record OutboundOutcomeUnknown(
        String businessId,
        long conversationId,
        long outboundId,
        String dedupeKey,
        String reason,
        Instant at) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
