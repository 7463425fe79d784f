package io.leadline.identity.contact;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        if (identities.isEmpty()) {
            return Map.of();
        }
        StringBuilder pairs = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        params.put("business", business);
        for (int i = 0; i < identities.size(); i++) {
            pairs.append(i == 0 ? "" : ", ").append("(:k").append(i).append(", :v").append(i).append(')');
            params.put("k" + i, identities.get(i).kind().name());
            params.put("v" + i, identities.get(i).value());
        }
        return jdbc.sql("""
                SELECT i.kind, i.value, coalesce(c.merged_into, c.id) AS owner
                FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE i.business_id = :business AND (i.kind, i.value) IN (%s)
                """.formatted(pairs))
                .params(params)
                .query((rs, n) -> Map.entry(new Identity(IdentityKind.valueOf(rs.getString("kind")),
                        rs.getString("value")), rs.getLong("owner")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    /**
     * {@link #owners} for the identities of many messages, of any businesses, in one statement.
     */
    Map<Owned, Long> owners(Collection<Owned> identities) {
        if (identities.isEmpty()) {
            return Map.of();
        }
        StringJoiner triples = new StringJoiner(", ");
        Map<String, Object> params = new HashMap<>();
        int i = 0;
        for (Owned owned : identities) {
            triples.add("(:b%1$d, :k%1$d, :v%1$d)".formatted(i));
            params.put("b" + i, owned.business());
            params.put("k" + i, owned.identity().kind().name());
            params.put("v" + i, owned.identity().value());
            i++;
        }
        return jdbc.sql("""
                SELECT i.business_id, i.kind, i.value, coalesce(c.merged_into, c.id) AS owner
                FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE (i.business_id, i.kind, i.value) IN (%s)
                """.formatted(triples))
                .params(params)
                .query((rs, n) -> Map.entry(new Owned(rs.getString("business_id"), new Identity(
                        IdentityKind.valueOf(rs.getString("kind")), rs.getString("value"))), rs.getLong("owner")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    /** An identity of a business. */
    record Owned(String business, Identity identity) {
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
