package io.leadline.identity.contact;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.outbox.Outbox;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ties an inbound message to its one contact. No find-then-create: the contact is claimed by upserting its most
 * trusted identifier, so concurrent first messages of one person meet at that unique key and agree on one id.
 */
@Service
class ContactResolver {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final PlatformProperties platform;

    ContactResolver(JdbcClient jdbc, Outbox outbox, PlatformProperties platform) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.platform = platform;
    }

    @Transactional
    public void resolve(InboundMessageReceived message) {
        String business = message.businessId();
        String region = platform.business(business).map(PlatformProperties.Business::defaultRegion).orElse(null);
        List<Identity> identities = Identities.of(message.from(), region);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("message " + message.providerMessageId() + " names no customer");
        }
        long contactId = claim(business, identities.getFirst());
        identities.stream().skip(1).forEach(identity -> attach(business, identity, contactId));
        Optional<String> phone = Identities.phoneOf(identities);
        jdbc.sql("""
                INSERT INTO contact (id, business_id, display_name, profile_name, phone_e164, phone_valid,
                                     last_activity_at)
                VALUES (:id, :business, :name, :name, :phone, :valid, :at)
                ON CONFLICT (id) DO UPDATE SET
                    profile_name = coalesce(EXCLUDED.profile_name, contact.profile_name),
                    display_name = coalesce(EXCLUDED.profile_name, contact.display_name),
                    phone_e164 = coalesce(contact.phone_e164, EXCLUDED.phone_e164),
                    phone_valid = contact.phone_valid OR EXCLUDED.phone_valid,
                    last_activity_at = greatest(contact.last_activity_at, EXCLUDED.last_activity_at)
                """)
                .param("id", contactId)
                .param("business", business)
                .param("name", message.profileName())
                .param("phone", phone.orElse(null))
                .param("valid", phone.isPresent())
                .param("at", java.sql.Timestamp.from(message.receivedAt()))
                .update();
        ContactCard card = card(contactId, identities);
        outbox.publish(new InboundMessageResolved(business, conversationKey(business, contactId), card, message));
    }

    /** The contact that owns this identifier, created with a fresh id if nobody does yet. */
    private long claim(String business, Identity identity) {
        return jdbc.sql("""
                INSERT INTO contact_identity (business_id, kind, value, contact_id)
                VALUES (:business, :kind, :value, nextval('contact_id_seq'))
                ON CONFLICT (business_id, kind, value) DO UPDATE SET kind = EXCLUDED.kind
                RETURNING contact_id
                """)
                .param("business", business)
                .param("kind", identity.kind().name())
                .param("value", identity.value())
                .query(Long.class).single();
    }

    private void attach(String business, Identity identity, long contactId) {
        jdbc.sql("""
                INSERT INTO contact_identity (business_id, kind, value, contact_id)
                VALUES (:business, :kind, :value, :contact)
                ON CONFLICT (business_id, kind, value) DO NOTHING
                """)
                .param("business", business)
                .param("kind", identity.kind().name())
                .param("value", identity.value())
                .param("contact", contactId)
                .update();
    }

    private ContactCard card(long contactId, List<Identity> identities) {
        return jdbc.sql("SELECT display_name, profile_name, phone_e164, phone_valid FROM contact WHERE id = :id")
                .param("id", contactId)
                .query((rs, n) -> new ContactCard(contactId, rs.getString("display_name"),
                        rs.getString("profile_name"), rs.getString("phone_e164"), rs.getBoolean("phone_valid"),
                        new Recipient(rs.getString("phone_e164"),
                                Identities.valueOf(identities, IdentityKind.WA_ID).orElse(null),
                                Identities.valueOf(identities, IdentityKind.BSUID).orElse(null)), null))
                .single();
    }

    /** One key per contact: every identifier form of a person leads to the same conversation. */
    static String conversationKey(String business, long contactId) {
        return business + ":contact:" + contactId;
    }
}
