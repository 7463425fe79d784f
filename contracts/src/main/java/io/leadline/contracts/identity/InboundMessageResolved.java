package io.leadline.contracts.identity;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.ingest.InboundMessageReceived;

/**
 * An inbound message tied to its one contact and its canonical conversation key.
 *
 * @param conversationKey the canonical conversation key: the same for every identifier form of one person
 */
public record InboundMessageResolved(
        String businessId,
        String conversationKey,
        ContactCard contact,
        InboundMessageReceived message) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return conversationKey;
    }
}
