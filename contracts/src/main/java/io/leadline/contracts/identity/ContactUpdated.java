package io.leadline.contracts.identity;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;

/** A contact's card changed outside an inbound message: a person edited its name, or its phone became known. */
public record ContactUpdated(
        String businessId,
        String conversationKey,
        ContactCard contact,
        Instant updatedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return conversationKey;
    }
}
