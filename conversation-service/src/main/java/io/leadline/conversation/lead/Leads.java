package io.leadline.conversation.lead;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lead of a contact, one row per field. Auto-fill writes a field only when it is empty or was last set
 * automatically (the upsert's {@code WHERE source = 'AUTO'} guard, so even a manual edit committed a moment
 * earlier wins), never writes a missing value, and audits each change with the message that caused it in the
 * same statement.
 */
@Component
public class Leads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Leads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Field(String field, String value, String source, Long messageId, java.time.Instant updatedAt) {
    }

    /**
     * SQL for a JSON object of a lead's fields ({@code {"city": {"v": "Jakarta", "s": "AUTO"}}}), to read the lead in
     * the statement that stores the message instead of a round trip of its own. Takes the business and contact
     * id expressions.
     */
    public static String snapshotSql(String businessExpression, String contactExpression) {
        return "(SELECT json_object_agg(lf.field, json_build_object('v', lf.value, 's', lf.source)) FROM lead_field lf"
                + " WHERE lf.business_id = " + businessExpression + " AND lf.contact_id = " + contactExpression + ")";
    }

    /** A lead as read: field to value (null when cleared by hand), and which fields a person set. */
    public record Snapshot(Map<String, String> values, Set<String> manual) {

        /** The fields that have a value, by name: the lead as a message carries it (as {@link Leads#known}). */
        public Map<String, String> known() {
            Map<String, String> known = new LinkedHashMap<>();
            new TreeMap<>(values).forEach((field, value) -> {
                if (value != null) {
                    known.put(field, value);
                }
            });
            return known;
        }

        public static Snapshot fromJson(String json) {
            Map<String, String> values = new LinkedHashMap<>();
            Set<String> manual = new HashSet<>();
            if (json != null) {
                JSON.readTree(json).properties().forEach(entry -> {
                    JsonNode value = entry.getValue().path("v");
                    values.put(entry.getKey(), value.isNull() || value.isMissingNode() ? null : value.asString());
                    if ("MANUAL".equals(entry.getValue().path("s").asString())) {
                        manual.add(entry.getKey());
                    }
                });
            }
            return new Snapshot(values, manual);
        }
    }

    /** Auto-fill for a run of messages applied together; see {@link LeadRun}. */
    public LeadRun run() {
        return new LeadRun(jdbc);
    }

    /** Applies what extraction found; returns the lead's known fields afterwards. Call inside the message's transaction. */
    public Map<String, String> autoFill(String businessId, long contactId, long messageId, Map<String, String> found) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> manual = new HashSet<>();
        fields(businessId, contactId).forEach((name, field) -> {
            values.put(name, field.value());
            if ("MANUAL".equals(field.source())) {
                manual.add(name);
            }
        });
        return autoFill(businessId, contactId, messageId, found, new Snapshot(values, manual));
    }

    /** As above, with the lead already read (by {@link #snapshotSql}) in the message's statement. */
    public Map<String, String> autoFill(String businessId, long contactId, long messageId, Map<String, String> found,
            Snapshot current) {
        Map<String, String> known = new LinkedHashMap<>();
        current.values().forEach((field, value) -> {
            if (value != null) {
                known.put(field, value);
            }
        });
        Map<String, String> changes = new LinkedHashMap<>();
        found.forEach((field, value) -> {
            boolean writable = !current.manual().contains(field);
            if (value != null && !value.isBlank() && writable && !value.equals(current.values().get(field))) {
                changes.put(field, value);
            }
        });
        if (!changes.isEmpty()) {
            write(businessId, contactId, messageId, changes).forEach(field -> known.put(field, changes.get(field)));
        }
        return known;
    }

    /**
     * All of one message's automatic changes in one statement (one round trip, however many fields it filled),
     * each guarded and audited; returns the fields it wrote.
     */
    private List<String> write(String businessId, long contactId, long messageId, Map<String, String> changes) {
        StringJoiner rows = new StringJoiner(", ");
        for (int i = 0; i < changes.size(); i++) {
            rows.add("(CAST(:f" + i + " AS text), CAST(:v" + i + " AS text))");
        }
        var statement = jdbc.sql("""
                WITH found (field, value) AS (VALUES %s),
                written AS (
                    INSERT INTO lead_field (business_id, contact_id, field, value, source, message_id)
                    SELECT :business, :contact, field, value, 'AUTO', :message FROM found
                    ON CONFLICT (business_id, contact_id, field) DO UPDATE
                        SET value = EXCLUDED.value, previous_value = lead_field.value,
                            message_id = EXCLUDED.message_id, updated_at = now()
                        WHERE lead_field.source = 'AUTO' AND lead_field.value IS DISTINCT FROM EXCLUDED.value
                    RETURNING field, value, previous_value
                ), audited AS (
                    INSERT INTO lead_audit (business_id, contact_id, field, old_value, new_value, source, message_id)
                    SELECT :business, :contact, field, previous_value, value, 'AUTO', :message FROM written
                )
                SELECT field FROM written
                """.formatted(rows))
                .param("business", businessId)
                .param("contact", contactId)
                .param("message", messageId);
        int i = 0;
        for (var change : changes.entrySet()) {
            statement = statement.param("f" + i, change.getKey()).param("v" + i, change.getValue());
            i++;
        }
        return statement.query(String.class).list();
    }

    /** A person's edit: always wins, and is never overwritten by extraction afterwards. Null clears the field. */
    void editManually(String businessId, long contactId, String field, String value) {
        jdbc.sql("""
                WITH written AS (
                    INSERT INTO lead_field (business_id, contact_id, field, value, source, message_id)
                    VALUES (:business, :contact, :field, :value, 'MANUAL', NULL)
                    ON CONFLICT (business_id, contact_id, field) DO UPDATE
                        SET value = EXCLUDED.value, previous_value = lead_field.value, source = 'MANUAL',
                            message_id = NULL, updated_at = now()
                    RETURNING value, previous_value
                )
                INSERT INTO lead_audit (business_id, contact_id, field, old_value, new_value, source)
                SELECT :business, :contact, :field, written.previous_value, written.value, 'MANUAL' FROM written
                """)
                .param("business", businessId)
                .param("contact", contactId)
                .param("field", field)
                .param("value", value)
                .update();
    }

    public Map<String, String> known(String businessId, long contactId) {
        return knownValues(fields(businessId, contactId));
    }

    Map<String, Field> fields(String businessId, long contactId) {
        Map<String, Field> fields = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT field, value, source, message_id, updated_at FROM lead_field
                WHERE business_id = :business AND contact_id = :contact ORDER BY field
                """)
                .param("business", businessId)
                .param("contact", contactId)
                .query((rs, n) -> new Field(rs.getString("field"), rs.getString("value"), rs.getString("source"),
                        (Long) rs.getObject("message_id"), rs.getTimestamp("updated_at").toInstant()))
                .list()
                .forEach(field -> fields.put(field.field(), field));
        return fields;
    }

    List<Map<String, Object>> audit(String businessId, long contactId) {
        return jdbc.sql("""
                SELECT field, old_value, new_value, source, message_id, merged_from, changed_at FROM lead_audit
                WHERE business_id = :business AND contact_id = :contact ORDER BY id DESC LIMIT 100
                """)
                .param("business", businessId)
                .param("contact", contactId)
                .query().listOfRows();
    }

    private static Map<String, String> knownValues(Map<String, Field> fields) {
        Map<String, String> known = new LinkedHashMap<>();
        fields.values().stream().filter(field -> field.value() != null).forEach(field -> known.put(field.field(), field.value()));
        return known;
    }
}
