package io.leadline.identity.contact;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.InboundMessageReceived;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Inbound messages as ingest publishes them, for tests. */
final class Inbound {

    private Inbound() {
    }

    static InboundMessageReceived from(String business, CustomerIdentifiers from, String profileName) {
        Instant now = Instant.now();
        return new InboundMessageReceived(business, Channel.GATEWAY, "wamid." + UUID.randomUUID(), from, profileName,
                now, now, "text", "hello", null, null, false, "webhook-" + UUID.randomUUID(), null, null, Map.of(),
                null);
    }

    /** A message whose text names it, to find its resolved event again. */
    static InboundMessageReceived from(String business, CustomerIdentifiers from, String profileName, String text) {
        InboundMessageReceived message = from(business, from, profileName);
        return new InboundMessageReceived(message.businessId(), message.channel(), message.providerMessageId(),
                message.from(), message.profileName(), message.sentAt(), message.receivedAt(), message.messageType(),
                text, message.media(), message.replyToProviderMessageId(), message.fromBusiness(),
                message.webhookId(), message.rawJson(), message.location(), message.attributes(),
                message.providerConversationId());
    }

    static CustomerIdentifiers waId(String waId) {
        return CustomerIdentifiers.ofWaId(waId);
    }

    static CustomerIdentifiers phone(String phone) {
        return new CustomerIdentifiers(null, phone, null, null, null, null, null, null);
    }

    static CustomerIdentifiers jid(String jid) {
        return new CustomerIdentifiers(null, null, jid, null, null, null, null, null);
    }

    static CustomerIdentifiers lidOnly(String lid) {
        return new CustomerIdentifiers(null, null, lid + "@lid", null, null, null, null, null);
    }

    static CustomerIdentifiers jidAndLid(String jid, String lid) {
        return new CustomerIdentifiers(null, null, jid, lid, null, null, null, null);
    }

    static CustomerIdentifiers bsuid(String bsuid) {
        return new CustomerIdentifiers(null, null, null, null, bsuid, null, null, null);
    }

    static CustomerIdentifiers waIdAndBsuid(String waId, String bsuid) {
        return new CustomerIdentifiers(waId, null, null, null, bsuid, null, null, null);
    }

    static CustomerIdentifiers none() {
        return new CustomerIdentifiers(null, " ", null, null, null, null, null, null);
    }

    /** A fresh Indonesian mobile's digits, so test classes sharing nothing never share a person. */
    static String indonesianMobile() {
        return "62813" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    static String lid() {
        return Long.toString(10_000_000_000_000L + (long) (Math.random() * 89_999_999_999_999L));
    }
}
