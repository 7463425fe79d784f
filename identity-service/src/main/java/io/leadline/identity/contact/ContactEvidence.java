package io.leadline.identity.contact;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why a contact is the person it is (seed 001's debugging question): every identifier that resolves to it, and
 * every merge it took part in, with the reason and the evidence recorded at the time.
 */
@Component
class ContactEvidence {

    record Alias(String kind, String value, Instant since) {
    }

    record Merge(long survivorId, long mergedId, String reason, Map<String, String> evidence, Instant mergedAt) {
    }

    /** {@code mergedInto}: the survivor when this contact was merged away, whose evidence then applies. */
    record Evidence(long contactId, String businessId, Long mergedInto, List<Alias> aliases, List<Merge> merges) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    ContactEvidence(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Evidence> of(long contactId) {
        return jdbc.sql("SELECT business_id, merged_into FROM contact WHERE id = :id").param("id", contactId)
                .query((rs, n) -> new Evidence(contactId, rs.getString(1), (Long) rs.getObject(2),
                        aliases(rs.getObject(2) == null ? contactId : rs.getLong(2)), merges(contactId)))
                .optional();
    }

    private List<Alias> aliases(long contactId) {
        return jdbc.sql("""
                SELECT kind, value, created_at FROM contact_identity WHERE contact_id = :id ORDER BY created_at, kind
                """).param("id", contactId)
                .query((rs, n) -> new Alias(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)))).list();
    }

    private List<Merge> merges(long contactId) {
        return jdbc.sql("""
                SELECT survivor_id, merged_id, reason, evidence::text, merged_at FROM contact_merge
                WHERE survivor_id = :id OR merged_id = :id
                   OR survivor_id = (SELECT merged_into FROM contact WHERE id = :id)
                ORDER BY merged_at, id
                """).param("id", contactId)
                .query((rs, n) -> new Merge(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), new TypeReference<Map<String, String>>() { }),
                        instant(rs.getTimestamp(5))))
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
