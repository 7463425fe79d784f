package io.leadline.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.outbound.OutboundSent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Events as identity, outbound and ingest publish them, for tests. */
public final class Fixtures {

    public static final String BUSINESS = "demo-id";
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Fixtures() {
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    public static String wamid() {
        return "wamid.TEST" + UUID.randomUUID();
    }

    /** A person: a contact with a canonical key and a phone. */
    public record Person(String business, long contactId, String key, String phone, String profileName, String lid) {

        public static Person withPhone(String profileName) {
            return withPhone(BUSINESS, profileName);
        }

        public static Person withPhone(String business, String profileName) {
            long id = nextId();
            String phone = "+62813" + String.format("%08d", id % 100_000_000L);
            return new Person(business, id, "phone:" + business + ":" + phone, phone, profileName, null);
        }

        /** Someone WhatsApp only shows as an {@code @lid}: no phone, no profile name. */
        public static Person lidOnly() {
            return lidOnly(BUSINESS);
        }

        public static Person lidOnly(String business) {
            long id = nextId();
            return new Person(business, id, "lid:" + business + ":" + id, null, null, id + "@lid");
        }

        public ContactCard card() {
            // identity's card for an @lid-only contact may carry the raw id as its display name: never shown
            String display = profileName != null ? profileName : phone != null ? phone : lid;
            return new ContactCard(contactId, display, profileName, phone, phone != null,
                    new Recipient(phone, phone == null ? null : phone.substring(1), null,
                            lid == null ? null : lid.replace("@lid", "")), null);
        }
    }

    public static InboundMessageResolved inbound(Person person, String wamid, String text, Instant sentAt) {
        return inbound(person, wamid, text, sentAt, sentAt.plusMillis(300), false);
    }

    public static InboundMessageResolved inbound(Person person, String wamid, String text, Instant sentAt,
            Instant receivedAt, boolean fromBusiness) {
        CustomerIdentifiers from = new CustomerIdentifiers(person.phone() == null ? null : person.phone().substring(1),
                null, null, person.lid(), null, null, null, null);
        var message = new InboundMessageReceived(person.business(), fromBusiness ? Channel.GATEWAY : Channel.META_CLOUD, wamid,
                from, person.profileName(), sentAt, receivedAt, "text", text, null, null, fromBusiness, "webhook-1",
                null, null, Map.of(), null);
        return new InboundMessageResolved(person.business(), person.key(), person.card(), message);
    }

    /** A message the person wrote through a WhatsApp-Web gateway instance. */
    public static InboundMessageResolved throughGateway(Person person, String instance, String wamid, String text,
            Instant sentAt) {
        InboundMessageReceived message = inbound(person, wamid, text, sentAt).message();
        return new InboundMessageResolved(person.business(), person.key(), person.card(),
                new InboundMessageReceived(message.businessId(), Channel.GATEWAY, wamid, message.from(), null, sentAt,
                        message.receivedAt(), "text", text, null, null, false, "webhook-1", null, null,
                        Map.of(InboundMessageReceived.GATEWAY_INSTANCE, instance), null));
    }

    /** A send that went out through a gateway, which names it by the id the gateway gave it. */
    public static OutboundSent sentThroughGateway(Person person, long conversationId, String id, String text,
            Instant at) {
        return new OutboundSent(BUSINESS, conversationId, nextId(), "dedupe-" + UUID.randomUUID(), "QUESTION",
                "budget", text, person.card().replyTo(), id, at, Channel.GATEWAY);
    }

    public static OutboundSent sent(Person person, long conversationId, String wamid, String text, Instant at) {
        return new OutboundSent(BUSINESS, conversationId, nextId(), "dedupe-" + UUID.randomUUID(), "QUESTION",
                "budget", text, person.card().replyTo(), wamid, at);
    }

    public static DeliveryStatusReported status(String wamid, DeliveryState state, Instant at) {
        return status(Channel.META_CLOUD, wamid, state, at);
    }

    /** A status as the given channel reports it (Kapso relays the Cloud API's message ids under its own name). */
    public static DeliveryStatusReported status(Channel channel, String wamid, DeliveryState state, Instant at) {
        return new DeliveryStatusReported(BUSINESS, channel, wamid, state, at, "62813", null, List.of(),
                null, "webhook-2", Map.of());
    }

    public static ContactsMerged merged(Person survivor, Person merged) {
        return new ContactsMerged(BUSINESS, survivor.contactId(), merged.contactId(), survivor.key(), merged.key(),
                "LID_LINKED_TO_PHONE", Map.of(), Instant.now());
    }
}
