package io.leadline.conversation.lead;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The lead side of a contact merge: one statement that copies, guards and audits. */
@Component
public class LeadMerges {

    private final JdbcClient jdbc;

    LeadMerges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Gives the survivor of a merge what the merged contact's lead knows better: a field the survivor lacks, and a
     * manual value where the survivor's is automatic (a person's edit is never overwritten, whichever contact it was
     * made on). The survivor's own manual values, and its automatic ones against automatic ones, stay. A field a
     * person cleared on the merged contact keeps the survivor's value: a merge never wipes one. Every field the
     * merge writes is audited, with the message behind it and the contact it came from.
     */
    public void merge(String businessId, long survivorContactId, long mergedContactId) {
        jdbc.sql("""
                WITH taken AS (
                    SELECT m.field, m.value, m.source, m.message_id
                    FROM lead_field m
                    LEFT JOIN lead_field s ON s.business_id = m.business_id AND s.contact_id = :survivor
                                          AND s.field = m.field
                    WHERE m.business_id = :business AND m.contact_id = :merged
                      AND (s.field IS NULL
                           OR (s.source = 'AUTO' AND m.source = 'MANUAL' AND m.value IS NOT NULL))
                ), written AS (
                    INSERT INTO lead_field (business_id, contact_id, field, value, source, message_id)
                    SELECT :business, :survivor, field, value, source, message_id FROM taken
                    -- the guard again, for a survivor's field written since the read above
                    ON CONFLICT (business_id, contact_id, field) DO UPDATE
                        SET value = EXCLUDED.value, previous_value = lead_field.value, source = EXCLUDED.source,
                            message_id = EXCLUDED.message_id, updated_at = now()
                        WHERE lead_field.source = 'AUTO' AND EXCLUDED.source = 'MANUAL' AND EXCLUDED.value IS NOT NULL
                    RETURNING field, value, previous_value, source, message_id
                )
                INSERT INTO lead_audit (business_id, contact_id, field, old_value, new_value, source, message_id,
                                        merged_from)
                SELECT :business, :survivor, field, previous_value, value, source, message_id, :merged FROM written
                """)
                .param("business", businessId)
                .param("survivor", survivorContactId)
                .param("merged", mergedContactId)
                .update();
    }
}
