package io.leadline.contracts.conversation;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;

/** A person took or released a conversation; {@code assignee} is null when it was released. */
public record AssignmentChanged(
        String businessId,
        long conversationId,
        String assignee,
        Instant changedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return Long.toString(conversationId);
    }
}
