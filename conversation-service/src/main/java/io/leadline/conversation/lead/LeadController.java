package io.leadline.conversation.lead;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A contact's lead. {@code PATCH} takes a JSON object of field to text (null clears); every field it names is
 * then manual, and extraction never overwrites it again.
 */
@RestController
@RequestMapping("/api/leads")
class LeadController {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Leads leads;
    private final JdbcClient jdbc;

    LeadController(Leads leads, JdbcClient jdbc) {
        this.leads = leads;
        this.jdbc = jdbc;
    }

    record FieldView(String value, String source, Long messageId, Instant updatedAt) {
    }

    record LeadView(long contactId, String businessId, Map<String, FieldView> fields, List<Map<String, Object>> audit) {
    }

    @GetMapping("/{contactId}")
    LeadView lead(@PathVariable long contactId, @RequestParam(required = false) String businessId) {
        String business = businessOf(contactId, businessId);
        Map<String, FieldView> fields = new LinkedHashMap<>();
        leads.fields(business, contactId).forEach((name, field) ->
                fields.put(name, new FieldView(field.value(), field.source(), field.messageId(), field.updatedAt())));
        return new LeadView(contactId, business, fields, leads.audit(business, contactId));
    }

    @PatchMapping(path = "/{contactId}", consumes = {"application/json", "application/merge-patch+json"})
    @Transactional
    public LeadView edit(@PathVariable long contactId, @RequestParam(required = false) String businessId,
            @RequestBody Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Name at least one field: " + LeadExtractor.FIELDS);
        }
        String business = businessOf(contactId, businessId);
        changes.forEach((field, value) -> {
            if (!LeadExtractor.FIELDS.contains(field)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "Unknown lead field '" + field + "'; known fields: " + LeadExtractor.FIELDS);
            }
            if (value != null && !(value instanceof String)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Field '" + field + "' takes text or null");
            }
            if (LeadExtractor.EMAIL.equals(field) && value != null && !EMAIL.matcher((String) value).matches()) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + value + "' is not an email address");
            }
        });
        changes.forEach((field, value) -> leads.editManually(business, contactId, field,
                value == null || ((String) value).isBlank() ? null : ((String) value).strip()));
        return lead(contactId, business);
    }

    /** The contact's business: from its conversations or lead; a contact id alone is enough unless ambiguous. */
    private String businessOf(long contactId, String requested) {
        List<String> businesses = jdbc.sql("""
                SELECT business_id FROM conversation WHERE contact_id = :contact
                UNION SELECT business_id FROM lead_field WHERE contact_id = :contact
                """).param("contact", contactId).query(String.class).list();
        if (requested != null) {
            if (!businesses.contains(requested)) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No lead for contact " + contactId + " of " + requested);
            }
            return requested;
        }
        if (businesses.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No lead for contact " + contactId);
        }
        if (businesses.size() > 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Contact " + contactId
                    + " exists in several businesses; add ?businessId=");
        }
        return businesses.getFirst();
    }
}
