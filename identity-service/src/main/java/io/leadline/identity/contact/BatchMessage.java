package io.leadline.identity.contact;

import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.identity.contact.ContactGraph.Owned;
import io.leadline.identity.contact.Contacts.Touch;
import io.leadline.identity.contact.Contacts.Touched;
import io.leadline.platform.event.EventEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a poll batch with its sender's identities and, once known, its contact.
 *
 * @param owner   the contact every identifier belongs to, or 0 while not known
 * @param created the new contact's card when this message created it with the batch (nothing to touch), or null
 */
record BatchMessage(EventEnvelope<InboundMessageReceived> envelope, Identities identities, List<Owned> owned,
        long owner, Touched created) {

    static BatchMessage of(EventEnvelope<InboundMessageReceived> envelope, Identities identities) {
        String business = Objects.requireNonNullElse(envelope.payload().businessId(), "");
        List<Owned> owned = identities.identities().stream().map(identity -> new Owned(business, identity)).toList();
        return new BatchMessage(envelope, identities, owned, 0, null);
    }

    InboundMessageReceived payload() {
        return envelope.payload();
    }

    boolean hasBusiness() {
        return payload().businessId() != null && !payload().businessId().isBlank();
    }

    /** The one contact every identifier of the message belongs to, or null when it brings anything new. */
    Long soleOwner(Map<Owned, Long> owners) {
        if (owned.isEmpty()) {
            return null;
        }
        Long first = owners.get(owned.getFirst());
        for (Owned identity : owned) {
            if (first == null || !first.equals(owners.get(identity))) {
                return null;
            }
        }
        return first;
    }

    BatchMessage ownedBy(long contactId) {
        return new BatchMessage(envelope, identities, owned, contactId, null);
    }

    BatchMessage createdAs(Touched card) {
        return new BatchMessage(envelope, identities, owned, card.card().contactId(), card);
    }

    Touch touch() {
        InboundMessageReceived message = payload();
        boolean customerWrote = !message.fromBusiness();
        return new Touch(owner, customerWrote ? message.profileName() : null, identities.phone(),
                identities.invalidPhone(), customerWrote ? receivedAt() : null);
    }

    Instant receivedAt() {
        return payload().receivedAt() == null ? Instant.now() : payload().receivedAt();
    }
}
