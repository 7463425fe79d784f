package io.leadline.identity.contact;

import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contacts as people and tools see them: found by any identifier form, named by hand. */
@Service
class ContactDirectory {

    private final JdbcClient jdbc;
    private final ContactGraph graph;
    private final Contacts contacts;
    private final Outbox outbox;
    private final PlatformProperties platform;

    ContactDirectory(JdbcClient jdbc, ContactGraph graph, Contacts contacts, Outbox outbox,
            PlatformProperties platform) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.contacts = contacts;
        this.outbox = outbox;
        this.platform = platform;
    }

    /** The contacts an identifier names, in each business asked (all configured ones when none is given). */
    @Transactional(readOnly = true)
    List<ContactView> findByIdentifier(String identifier, String business) {
        List<String> businesses = business != null && !business.isBlank() ? List.of(business)
                : platform.businesses().stream().map(PlatformProperties.Business::id).toList();
        var found = new TreeSet<Long>();
        for (String each : businesses) {
            String region = platform.business(each).map(PlatformProperties.Business::defaultRegion).orElse(null);
            found.addAll(graph.owners(each, Identities.candidates(identifier, region)).values());
        }
        return found.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** A contact by id; a merged contact answers its survivor. */
    @Transactional(readOnly = true)
    Optional<ContactView> find(long id) {
        return survivorOf(id).flatMap(this::view);
    }

    /** Records a name a person typed: it wins over the WhatsApp profile name, and other services hear of it. */
    @Transactional
    Optional<ContactView> nameByHand(long id, String name) {
        return survivorOf(id).flatMap(survivor -> contacts.nameByHand(survivor, name)).map(touched -> {
            long contactId = touched.card().contactId();
            String business = businessOf(contactId);
            outbox.publish(new ContactUpdated(business, ConversationKeys.of(business, contactId), touched.card(),
                    Instant.now()));
            return view(contactId).orElseThrow();
        });
    }

    private Optional<Long> survivorOf(long id) {
        return jdbc.sql("SELECT coalesce(merged_into, id) FROM contact WHERE id = :id").param("id", id)
                .query(Long.class).optional();
    }

    private String businessOf(long id) {
        return jdbc.sql("SELECT business_id FROM contact WHERE id = :id").param("id", id).query(String.class).single();
    }

    private Optional<ContactView> view(long id) {
        List<String> identifiers = graph.identitiesOf(id).stream().map(Identity::toString).toList();
        List<Long> merged = jdbc.sql("SELECT id FROM contact WHERE merged_into = :id ORDER BY id").param("id", id)
                .query(Long.class).list();
        return jdbc.sql("""
                SELECT business_id, display_name, profile_name, manual_name, phone_e164, phone_valid, phone_raw,
                       created_at, last_activity_at
                FROM contact WHERE id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new ContactView(id, rs.getString("business_id"),
                        ConversationKeys.of(rs.getString("business_id"), id), rs.getString("display_name"),
                        rs.getString("manual_name") != null ? "MANUAL"
                                : rs.getString("profile_name") != null ? "PROFILE" : null,
                        rs.getString("profile_name"), rs.getString("manual_name"), rs.getString("phone_e164"),
                        rs.getBoolean("phone_valid"), rs.getString("phone_raw"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("last_activity_at")), identifiers, merged))
                .optional();
    }

    private static Instant instant(Timestamp timestamp) {
        return Stream.ofNullable(timestamp).map(Timestamp::toInstant).findFirst().orElse(null);
    }

    /**
     * @param nameSource     MANUAL when a person named the contact, PROFILE when the name is WhatsApp's
     * @param identifiers    every identifier that resolves to this contact, as {@code KIND=value}
     * @param mergedContacts the contacts merged into this one; their ids answer this contact
     */
    record ContactView(long id, String businessId, String conversationKey, String displayName, String nameSource,
            String profileName, String manualName, String phoneE164, boolean phoneValid, String phoneRaw,
            Instant createdAt, Instant lastActivityAt, List<String> identifiers, List<Long> mergedContacts) {
    }
}
