package io.leadline.identity.contact;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.identity.phone.PhoneNumbers.Phone;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The contact rows: names, phone, activity, and the pointer of a merged contact to its survivor. */
@Repository
class Contacts {

    /** The card's columns, with the reply addresses the graph knows (the newest of each kind). */
    private static final String CARD = """
            contact.id, contact.merged_into, contact.display_name, contact.profile_name, contact.manual_name,
            contact.phone_e164, contact.phone_valid,
            (SELECT value FROM contact_identity i WHERE i.contact_id = contact.id AND i.kind = 'WA_ID'
             ORDER BY i.created_at DESC, i.value LIMIT 1) AS wa_id,
            (SELECT value FROM contact_identity i WHERE i.contact_id = contact.id AND i.kind = 'BSUID'
             ORDER BY i.created_at DESC, i.value LIMIT 1) AS bsuid,
            (SELECT value FROM contact_identity i WHERE i.contact_id = contact.id AND i.kind = 'LID'
             ORDER BY i.created_at DESC, i.value LIMIT 1) AS lid
            """;

    private final JdbcClient jdbc;

    Contacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long nextId() {
        return nextIds(1).getFirst();
    }

    /** Ids for new contacts, ascending: the order of the ids is the order the people came in. */
    List<Long> nextIds(int count) {
        return jdbc.sql("SELECT nextval('contact_id_seq') AS id FROM generate_series(1, :count) ORDER BY id")
                .param("count", count)
                .query(Long.class)
                .list();
    }

    /** A new person's row, with what their first message carries, and its card (one round trip, not two). */
    Touched create(long id, String business, String profileName, Optional<Phone> phone, String invalidPhone,
            Instant at) {
        return createAll(List.of(new Touch(id, profileName, phone, invalidPhone, at)), List.of(business)).get(id);
    }

    /**
     * {@link #create} for many new people in one statement: each touch is what the first message brought, each
     * business the one of the same place. Their identities must have been claimed for these ids first.
     */
    Map<Long, Touched> createAll(List<Touch> firsts, List<String> businesses) {
        Map<Long, Touched> created = new HashMap<>();
        Columns rows = Columns.of(firsts);
        jdbc.sql("""
                INSERT INTO contact (id, business_id, display_name, profile_name, phone_e164, phone_valid, phone_raw,
                                     last_activity_at)
                SELECT id, business, profile, profile, phone, coalesce(valid, false),
                       CASE WHEN phone IS NULL THEN raw END, at
                FROM unnest(CAST(:ids AS bigint[]), CAST(:businesses AS text[]), CAST(:profiles AS text[]),
                            CAST(:phones AS text[]), CAST(:valids AS boolean[]), CAST(:raws AS text[]),
                            CAST(:ats AS timestamptz[])) AS first (id, business, profile, phone, valid, raw, at)
                RETURNING %s
                """.formatted(CARD))
                .param("ids", rows.ids())
                .param("businesses", businesses.toArray(String[]::new))
                .param("profiles", rows.profiles())
                .param("phones", rows.phones())
                .param("valids", rows.valids())
                .param("raws", rows.raws())
                .param("ats", rows.ats())
                .query(Contacts::touched)
                .list()
                .forEach(row -> created.put(row.card().contactId(), row));
        return created;
    }

    /** Locks the rows in id order (so two merges never wait for each other in a cycle): id → merged_into. */
    Map<Long, Long> lock(Collection<Long> ids) {
        Map<Long, Long> mergedInto = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return mergedInto;
        }
        jdbc.sql("SELECT id, merged_into FROM contact WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> mergedInto.put(rs.getLong("id"), (Long) rs.getObject("merged_into")))
                .list();
        return mergedInto;
    }

    /**
     * Applies an inbound message: the profile name is always stored (the display name follows it unless a person
     * named the contact by hand), a readable phone replaces the one known, and the last activity moves forward.
     */
    Touched touch(long id, String profileName, Optional<Phone> phone, String invalidPhone, Instant at,
            boolean moveActivity) {
        return touchAll(List.of(new Touch(id, profileName, phone, invalidPhone, moveActivity ? at : null))).get(id);
    }

    /**
     * {@link #touch} for many contacts in one statement, each with what its messages of one batch carried (in
     * their order: the last profile name and phone win, the activity moves to the latest). The rows are locked in
     * id order first, as {@link #lock} does, so two batches never wait for each other in a cycle.
     */
    Map<Long, Touched> touchAll(Collection<Touch> touches) {
        if (touches.size() > 1) {
            lock(touches.stream().map(Touch::contactId).toList());
        }
        Columns rows = Columns.of(touches);
        Map<Long, Touched> touched = new HashMap<>();
        jdbc.sql("""
                UPDATE contact SET
                    profile_name = coalesce(u.profile, contact.profile_name),
                    display_name = coalesce(contact.manual_name, u.profile, contact.profile_name),
                    phone_valid = CASE WHEN u.phone IS NOT NULL THEN u.valid
                                       WHEN contact.phone_e164 IS NULL AND u.raw IS NOT NULL THEN false
                                       ELSE contact.phone_valid END,
                    phone_raw = CASE WHEN u.phone IS NOT NULL THEN NULL
                                     WHEN contact.phone_e164 IS NULL AND u.raw IS NOT NULL THEN u.raw
                                     ELSE contact.phone_raw END,
                    phone_e164 = coalesce(u.phone, contact.phone_e164),
                    last_activity_at = greatest(contact.last_activity_at, coalesce(u.at, contact.last_activity_at))
                FROM unnest(CAST(:ids AS bigint[]), CAST(:profiles AS text[]), CAST(:phones AS text[]),
                            CAST(:valids AS boolean[]), CAST(:raws AS text[]), CAST(:ats AS timestamptz[]))
                         AS u (id, profile, phone, valid, raw, at)
                WHERE contact.id = u.id
                RETURNING %s
                """.formatted(CARD))
                .param("ids", rows.ids())
                .param("profiles", rows.profiles())
                .param("phones", rows.phones())
                .param("valids", rows.valids())
                .param("raws", rows.raws())
                .param("ats", rows.ats())
                .query(Contacts::touched)
                .list()
                .forEach(row -> touched.put(row.card().contactId(), row));
        return touched;
    }

    Optional<Touched> card(long id) {
        return jdbc.sql("SELECT " + CARD + " FROM contact WHERE id = :id").param("id", id)
                .query(Contacts::touched).optional();
    }

    /** A name a person typed: it wins over the WhatsApp profile name from now on. Blank clears it. */
    Optional<Touched> nameByHand(long id, String name) {
        String manual = name == null || name.isBlank() ? null : name.trim();
        return jdbc.sql("""
                UPDATE contact SET manual_name = :name,
                                   manual_name_at = CASE WHEN CAST(:name AS text) IS NULL THEN NULL ELSE clock_timestamp() END,
                                   display_name = coalesce(CAST(:name AS text), profile_name)
                WHERE id = :id AND merged_into IS NULL
                RETURNING %s
                """.formatted(CARD))
                .param("id", id)
                .param("name", manual)
                .query(Contacts::touched)
                .optional();
    }

    private static Touched touched(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        String phone = rs.getString("phone_e164");
        var card = new ContactCard(id, rs.getString("display_name"), rs.getString("profile_name"), phone,
                rs.getBoolean("phone_valid"), new Recipient(phone, rs.getString("wa_id"), rs.getString("bsuid"),
                        rs.getString("lid")), rs.getString("manual_name"));
        return new Touched(card, (Long) rs.getObject("merged_into"));
    }

    /**
     * What a run of one contact's messages brings to its row.
     *
     * @param activityAt the latest time a customer (not the business) wrote, or null
     */
    record Touch(long contactId, String profileName, Optional<Phone> phone, String invalidPhone, Instant activityAt) {
    }

    /** Touches as the columns of an {@code unnest}: six parameters for a whole batch, not six per contact. */
    private record Columns(Long[] ids, String[] profiles, String[] phones, Boolean[] valids, String[] raws,
            String[] ats) {

        static Columns of(Collection<Touch> touches) {
            return new Columns(touches.stream().map(Touch::contactId).toArray(Long[]::new),
                    touches.stream().map(touch -> blankToNull(touch.profileName())).toArray(String[]::new),
                    touches.stream().map(touch -> touch.phone().map(Phone::e164).orElse(null)).toArray(String[]::new),
                    touches.stream().map(touch -> touch.phone().map(Phone::valid).orElse(false)).toArray(Boolean[]::new),
                    touches.stream().map(Touch::invalidPhone).toArray(String[]::new),
                    touches.stream().map(touch -> touch.activityAt() == null ? null : touch.activityAt().toString())
                            .toArray(String[]::new));
        }

        private static String blankToNull(String name) {
            return name == null || name.isBlank() ? null : name.trim();
        }
    }

    /** @param mergedInto the survivor, when this contact was merged before the update reached it */
    record Touched(ContactCard card, Long mergedInto) {
    }
}
