package io.leadline.conversation.lead;

import io.leadline.conversation.lead.Leads.Snapshot;
import io.leadline.conversation.sql.ValuesList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Auto-fill for a run of messages in one transaction. Each message's findings are applied, in the run's order, to
 * the lead as it was read at the start of the run, under the per-message rules of {@link Leads#autoFill}: so each
 * message's event carries the lead as of that message, and each change is audited with its own message and old
 * value. {@link #write()} then stores every field's last value, guarded and audited, in one statement. Use one per
 * run; not thread-safe.
 */
public final class LeadRun {

    private record Lead(Map<String, String> values, Set<String> manual) {
    }

    private final JdbcClient jdbc;
    private final Map<String, Lead> leads = new HashMap<>();
    private final ValuesList changes = ValuesList.of("l", "ord int", "business text", "contact bigint", "field text",
            "old text", "new text", "message bigint");
    private int changed;

    LeadRun(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies what one message's extraction found; returns the lead's known fields after it.
     *
     * @param start the contact's lead as the run started: used the first time the run meets the contact
     */
    public Map<String, String> apply(String businessId, long contactId, long messageId, Map<String, String> found,
            Snapshot start) {
        Lead lead = lead(businessId, contactId, start);
        found.forEach((field, value) -> {
            String old = lead.values().get(field);
            if (value != null && !value.isBlank() && !lead.manual().contains(field) && !value.equals(old)) {
                changes.add(changed++, businessId, contactId, field, old, value, messageId);
                lead.values().put(field, value);
            }
        });
        return known(lead);
    }

    /** The lead's known fields now, for a message that changes nothing (the business's own). */
    public Map<String, String> known(String businessId, long contactId, Snapshot start) {
        return known(lead(businessId, contactId, start));
    }

    /**
     * Writes the run's changes. Throws when a field was written meanwhile by someone else (a person's edit, which
     * wins): the run's events would then be wrong, so the transaction must not commit.
     */
    public void write() {
        if (changes.isEmpty()) {
            return;
        }
        boolean all = changes.bind(jdbc.sql("""
                WITH change (%s) AS (%s),
                last AS (
                    SELECT DISTINCT ON (business, contact, field) * FROM change
                    ORDER BY business, contact, field, ord DESC
                ), written AS (
                    INSERT INTO lead_field (business_id, contact_id, field, value, previous_value, source, message_id)
                    SELECT business, contact, field, new, old, 'AUTO', message FROM last
                    ORDER BY business, contact, field
                    ON CONFLICT (business_id, contact_id, field) DO UPDATE
                        SET value = EXCLUDED.value, previous_value = EXCLUDED.previous_value,
                            message_id = EXCLUDED.message_id, updated_at = now()
                        WHERE lead_field.source = 'AUTO' AND lead_field.value IS DISTINCT FROM EXCLUDED.value
                    RETURNING business_id, contact_id, field
                ), audited AS (
                    INSERT INTO lead_audit (business_id, contact_id, field, old_value, new_value, source, message_id)
                    SELECT c.business, c.contact, c.field, c.old, c.new, 'AUTO', c.message
                    FROM change c
                    JOIN written w ON w.business_id = c.business AND w.contact_id = c.contact AND w.field = c.field
                    ORDER BY c.ord
                )
                SELECT (SELECT count(*) FROM written) = (SELECT count(*) FROM last)
                """.formatted(changes.names(), changes.select())))
                .query(Boolean.class).single();
        if (!all) {
            throw new IllegalStateException("a lead field was written by someone else during the run");
        }
    }

    private Lead lead(String businessId, long contactId, Snapshot start) {
        return leads.computeIfAbsent(businessId + "|" + contactId,
                key -> new Lead(new LinkedHashMap<>(start.values()), new HashSet<>(start.manual())));
    }

    private static Map<String, String> known(Lead lead) {
        Map<String, String> known = new LinkedHashMap<>();
        lead.values().forEach((field, value) -> {
            if (value != null) {
                known.put(field, value);
            }
        });
        return known;
    }
}
