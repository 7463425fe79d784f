package io.leadline.identity.contact;

import io.leadline.identity.phone.PhoneNumbers;
import io.leadline.identity.phone.PhoneNumbers.Phone;
import io.leadline.platform.PlatformProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-reads every live contact's phone identifiers with today's rules and region settings (contacts stored before
 * a region was configured, or before a WhatsApp form was repaired) and merges the duplicates that reveals. A dry run
 * lists the changes; executing applies exactly those, so a second run finds nothing left to change.
 */
@Service
class Backfill {

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    static final String REASON = Merges.SAME_PHONE_AFTER_BACKFILL;

    private final JdbcClient jdbc;
    private final ContactGraph graph;
    private final Merges merges;
    private final PlatformProperties platform;

    Backfill(JdbcClient jdbc, ContactGraph graph, Merges merges, PlatformProperties platform) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.merges = merges;
        this.platform = platform;
    }

    @Transactional
    Report run(boolean execute) {
        List<Change> changes = new ArrayList<>();
        List<String> businesses = jdbc.sql("SELECT DISTINCT business_id FROM contact WHERE merged_into IS NULL ORDER BY 1")
                .query(String.class).list();
        for (String business : businesses) {
            changes.addAll(plan(business));
        }
        if (execute) {
            changes.forEach(this::apply);
            log.info("Contact backfill applied {} changes", changes.size());
        }
        return new Report(!execute, changes.size(), changes);
    }

    private List<Change> plan(String business) {
        String region = platform.business(business).map(PlatformProperties.Business::defaultRegion).orElse(null);
        List<Row> rows = jdbc.sql("""
                SELECT i.kind, i.value, c.id, c.phone_e164 FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE i.business_id = :business AND i.kind IN ('WA_ID', 'PHONE', 'RAW') AND c.merged_into IS NULL
                ORDER BY c.id, i.kind, i.value
                """)
                .param("business", business)
                .query((rs, n) -> new Row(IdentityKind.valueOf(rs.getString("kind")), rs.getString("value"),
                        rs.getLong("id"), rs.getString("phone_e164")))
                .list();
        List<Change> changes = new ArrayList<>();
        Map<String, Long> owners = new HashMap<>();
        Map<Long, Long> mergedInto = new HashMap<>();
        Map<Long, Phone> phoneOf = new LinkedHashMap<>();
        for (Row row : rows) {
            Optional<Phone> read = row.kind() == IdentityKind.WA_ID ? PhoneNumbers.international(row.value())
                    : PhoneNumbers.parse(row.value(), region);
            if (read.isEmpty()) {
                continue;
            }
            String e164 = read.get().e164();
            long contact = mergedInto.getOrDefault(row.contact(), row.contact());
            phoneOf.putIfAbsent(contact, read.get());
            Long owner = owners.computeIfAbsent(e164, phone -> ownerOf(business, phone));
            owner = owner == null ? null : mergedInto.getOrDefault(owner, owner);
            if (owner == null) {
                changes.add(new Change("ADD_PHONE", business, contact, null, row.kind() + "=" + row.value(), e164));
                owners.put(e164, contact);
            } else if (owner != contact) {
                long survivor = Math.min(owner, contact);
                long merged = Math.max(owner, contact);
                changes.add(new Change("MERGE", business, survivor, merged, row.kind() + "=" + row.value(), e164));
                mergedInto.put(merged, survivor);
                mergedInto.replaceAll((loser, into) -> into == merged ? survivor : into);
                owners.put(e164, survivor);
            }
        }
        rows.stream().filter(row -> !mergedInto.containsKey(row.contact())).map(Row::contact).distinct()
                .forEach(contact -> {
                    String current = rows.stream().filter(row -> row.contact() == contact).findFirst()
                            .map(Row::phoneE164).orElse(null);
                    Optional<Phone> target = Optional.ofNullable(current).flatMap(phone -> PhoneNumbers.parse(phone, region))
                            .or(() -> Optional.ofNullable(phoneOf.get(contact)));
                    if (target.isPresent() && !target.get().e164().equals(current)) {
                        changes.add(new Change("SET_PHONE", business, contact, null, current, target.get().e164()));
                    }
                });
        return changes;
    }

    private Long ownerOf(String business, String e164) {
        return graph.owners(business, List.of(new Identity(IdentityKind.PHONE, e164))).values().stream()
                .findFirst().orElse(null);
    }

    private void apply(Change change) {
        switch (change.action()) {
            case "ADD_PHONE" -> {
                var claims = graph.claim(change.businessId(), List.of(new Identity(IdentityKind.PHONE, change.to())),
                        change.contactId());
                long owner = claims.getFirst().owner();
                if (owner != change.contactId()) {
                    merges.mergeAll(change.businessId(), List.of(owner, change.contactId()), REASON, evidence(change));
                }
            }
            case "MERGE" -> merges.mergeAll(change.businessId(), List.of(change.contactId(), change.otherContactId()),
                    REASON, evidence(change));
            case "SET_PHONE" -> jdbc.sql("""
                    UPDATE contact SET phone_e164 = :phone, phone_valid = :valid, phone_raw = NULL WHERE id = :id
                    """)
                    .param("phone", change.to())
                    .param("valid", PhoneNumbers.parse(change.to(), null).map(Phone::valid).orElse(false))
                    .param("id", change.contactId())
                    .update();
            default -> throw new IllegalStateException(change.action());
        }
    }

    private static Map<String, String> evidence(Change change) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("source", "backfill");
        evidence.put("identifier", String.valueOf(change.from()));
        evidence.put("normalizedPhone", change.to());
        return evidence;
    }

    private record Row(IdentityKind kind, String value, long contact, String phoneE164) {
    }

    /**
     * @param action         ADD_PHONE (an identifier now reads as this phone), MERGE (two contacts share the phone:
     *                       the older survives), SET_PHONE (the contact's phone in its normalized form)
     * @param otherContactId the contact merged into {@code contactId}, for a MERGE
     */
    record Change(String action, String businessId, long contactId, Long otherContactId, String from, String to) {
    }

    /** @param dryRun true when nothing was changed: the changes are what executing would do */
    record Report(boolean dryRun, int changeCount, List<Change> changes) {
    }
}
