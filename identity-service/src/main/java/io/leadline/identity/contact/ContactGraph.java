package io.leadline.identity.contact;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The identity graph: {@code contact_identity (business, kind, value) → contact}. Its primary key is what makes one
 * person one contact; every write is an upsert on it, never a find-then-create.
 */
@Repository
class ContactGraph {

    private final JdbcClient jdbc;

    ContactGraph(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The contact each known identity points at, as its survivor when it was merged. Unknown ones are absent. */
    Map<Identity, Long> owners(String business, List<Identity> identities) {
        Map<Identity, Long> owners = new HashMap<>();
        owners(identities.stream().map(identity -> new Owned(business, identity)).toList())
                .forEach((owned, owner) -> owners.put(owned.identity(), owner));
        return owners;
    }

    /**
     * {@link #owners} for the identities of many messages, of any businesses, in one statement. The identities
     * travel as three arrays: a poll batch's hundreds of them cost three parameters, not three each.
     */
    Map<Owned, Long> owners(Collection<Owned> identities) {
        Map<Owned, Long> owners = new HashMap<>();
        if (identities.isEmpty()) {
            return owners;
        }
        Columns asked = Columns.of(identities);
        jdbc.sql("""
                SELECT i.business_id, i.kind, i.value, coalesce(c.merged_into, c.id) AS owner
                FROM unnest(CAST(:businesses AS text[]), CAST(:kinds AS text[]), CAST(:values AS text[]))
                         AS asked (business_id, kind, value)
                JOIN contact_identity i
                  ON i.business_id = asked.business_id AND i.kind = asked.kind AND i.value = asked.value
                JOIN contact c ON c.id = i.contact_id
                """)
                .param("businesses", asked.businesses())
                .param("kinds", asked.kinds())
                .param("values", asked.values())
                .query((rs, n) -> owners.put(owned(rs), rs.getLong("owner")))
                .list();
        return owners;
    }

    /**
     * Claims the identities of new people for their candidate contacts in one statement, in one global order
     * (business, then {@link Identities#CLAIM_ORDER}), so two claiming transactions never wait for each other in a
     * cycle. An identity someone else claimed first, or is claiming now (waited for), is left to them: the answer
     * holds only the identities this claim inserted, and a person missing any of theirs lost the race.
     */
    Set<Owned> claimNew(Map<Owned, Long> candidates) {
        List<Owned> ordered = candidates.keySet().stream().sorted(Owned.ORDER).toList();
        Columns claimed = Columns.of(ordered);
        Set<Owned> inserted = new HashSet<>();
        jdbc.sql("""
                INSERT INTO contact_identity (business_id, kind, value, contact_id)
                SELECT business_id, kind, value, contact_id
                FROM unnest(CAST(:businesses AS text[]), CAST(:kinds AS text[]), CAST(:values AS text[]),
                            CAST(:contacts AS bigint[])) WITH ORDINALITY AS claim (business_id, kind, value, contact_id, n)
                ORDER BY n
                ON CONFLICT (business_id, kind, value) DO NOTHING
                RETURNING business_id, kind, value
                """)
                .param("businesses", claimed.businesses())
                .param("kinds", claimed.kinds())
                .param("values", claimed.values())
                .param("contacts", ordered.stream().map(candidates::get).toArray(Long[]::new))
                .query((rs, n) -> inserted.add(owned(rs)))
                .list();
        return inserted;
    }

    /** Gives up the identities claimed for candidates that lost a race: no contact row will ever be theirs. */
    void release(Collection<Long> candidates) {
        jdbc.sql("DELETE FROM contact_identity WHERE contact_id = ANY(:candidates)")
                .param("candidates", candidates.toArray(Long[]::new))
                .update();
    }

    private static Owned owned(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Owned(rs.getString("business_id"),
                new Identity(IdentityKind.valueOf(rs.getString("kind")), rs.getString("value")));
    }

    /** Identities as the columns of an {@code unnest}, in the order given. */
    private record Columns(String[] businesses, String[] kinds, String[] values) {

        static Columns of(Collection<Owned> identities) {
            return new Columns(identities.stream().map(Owned::business).toArray(String[]::new),
                    identities.stream().map(owned -> owned.identity().kind().name()).toArray(String[]::new),
                    identities.stream().map(owned -> owned.identity().value()).toArray(String[]::new));
        }
    }

    /** An identity of a business. */
    record Owned(String business, Identity identity) {

        static final Comparator<Owned> ORDER = Comparator.comparing(Owned::business)
                .thenComparing(Owned::identity, Identities.CLAIM_ORDER);
    }

    /**
     * Claims each identity for the candidate contact, in {@link Identities#CLAIM_ORDER}. An identity someone
     * already owns keeps its owner (a concurrent first claim is waited for, then read), so the answer lists every
     * contact these identities belong to.
     */
    List<Claim> claim(String business, List<Identity> identities, long candidate) {
        // One statement: its rows are inserted, and so locked, in the order given, which is the global claim order.
        StringJoiner rows = new StringJoiner(", ");
        Map<String, Object> params = new HashMap<>();
        params.put("business", business);
        params.put("candidate", candidate);
        for (int i = 0; i < identities.size(); i++) {
            rows.add("(:business, :k%1$d, :v%1$d, :candidate)".formatted(i));
            params.put("k" + i, identities.get(i).kind().name());
            params.put("v" + i, identities.get(i).value());
        }
        Map<Identity, Claim> claimed = jdbc.sql("""
                INSERT INTO contact_identity (business_id, kind, value, contact_id) VALUES %s
                ON CONFLICT (business_id, kind, value) DO UPDATE SET contact_id = contact_identity.contact_id
                RETURNING kind, value, contact_id, (xmax = 0) AS inserted
                """.formatted(rows))
                .params(params)
                .query((rs, n) -> new Claim(new Identity(IdentityKind.valueOf(rs.getString("kind")),
                        rs.getString("value")), rs.getLong("contact_id"), rs.getBoolean("inserted")))
                .list().stream()
                .collect(Collectors.toMap(Claim::identity, claim -> claim));
        return identities.stream().map(claimed::get).toList();
    }

    /** Moves every identity of a merged contact to its survivor. */
    int repoint(String business, long from, long to) {
        return jdbc.sql("UPDATE contact_identity SET contact_id = :to WHERE business_id = :business AND contact_id = :from")
                .param("business", business)
                .param("from", from)
                .param("to", to)
                .update();
    }

    List<Identity> identitiesOf(long contactId) {
        return jdbc.sql("SELECT kind, value FROM contact_identity WHERE contact_id = :id ORDER BY kind, value")
                .param("id", contactId)
                .query((rs, n) -> new Identity(IdentityKind.valueOf(rs.getString("kind")), rs.getString("value")))
                .list().stream().sorted(Identities.CLAIM_ORDER).toList();
    }

    /** @param inserted true when this claim created the row: the identity was new */
    record Claim(Identity identity, long owner, boolean inserted) {
    }
}
