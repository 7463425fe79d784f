package io.leadline.contracts.conversation;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;

/**
 * Two conversations turned out to be one person's: the merged one was closed with a pointer to the survivor,
 * which now holds its messages. Published keyed by the survivor, so it is ordered with the survivor's messages.
 */
public record ConversationsMerged(
        String businessId,
        long survivorConversationId,
        long mergedConversationId,
        long survivorContactId,
        long mergedContactId,
        Instant mergedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(survivorConversationId);
    }
}
