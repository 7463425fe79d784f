package io.leadline.contracts.identity;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;
import java.util.Map;

/**
 * Two contacts turned out to be one person: the older survives and takes over the other's identifiers.
 *
 * @param reason   why, e.g. {@code LID_LINKED_TO_PHONE}
 * @param evidence the identifiers and message that proved it
 */
public record ContactsMerged(
        String businessId,
        long survivorContactId,
        long mergedContactId,
        String survivorConversationKey,
        String mergedConversationKey,
        String reason,
        Map<String, String> evidence,
        Instant mergedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return survivorConversationKey;
    }
}
