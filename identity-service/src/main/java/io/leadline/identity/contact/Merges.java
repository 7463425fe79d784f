package io.leadline.identity.contact;

import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Merges contacts that proved to be one person: the oldest survives and takes over the others' identifiers and
 * names, each merge is audited with its reason and evidence, and {@link ContactsMerged} is published so the
 * conversations merge too.
 */
@Component
class Merges {

    static final String LID_LINKED_TO_PHONE = "LID_LINKED_TO_PHONE";
    static final String BSUID_LINKED_TO_PHONE = "BSUID_LINKED_TO_PHONE";
    static final String IDENTIFIERS_IN_ONE_MESSAGE = "IDENTIFIERS_IN_ONE_MESSAGE";
    static final String SAME_PHONE_AFTER_BACKFILL = "BACKFILL_SAME_PHONE";

    private static final Logger log = LoggerFactory.getLogger(Merges.class);

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final ContactGraph graph;
    private final Outbox outbox;
    private final EventCodec codec;
    private final MeterRegistry meters;

    Merges(JdbcClient jdbc, Contacts contacts, ContactGraph graph, Outbox outbox, EventCodec codec,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.graph = graph;
        this.outbox = outbox;
        this.codec = codec;
        this.meters = meters;
        // At zero from the start, so the first merge of each kind is an increase Prometheus can see.
        List.of(LID_LINKED_TO_PHONE, BSUID_LINKED_TO_PHONE, IDENTIFIERS_IN_ONE_MESSAGE, SAME_PHONE_AFTER_BACKFILL)
                .forEach(this::merges);
    }

    private Counter merges(String reason) {
        return Counter.builder("leadline.identity.merges").description("Contacts merged into another, by reason")
                .tag("reason", reason).register(meters);
    }

    /** Merges every contact named into the oldest live one among them and their survivors; answers the survivor. */
    long mergeAll(String business, Collection<Long> owners, String reason, Map<String, String> evidence) {
        Map<Long, Long> mergedInto = contacts.lock(owners);
        var live = new TreeSet<Long>();
        mergedInto.forEach((id, into) -> live.add(into == null ? id : into));
        // A survivor that merged an owner concurrently is locked too; it can only be live (merges never chain).
        contacts.lock(live.stream().filter(id -> !mergedInto.containsKey(id)).toList());
        long survivor = live.first();
        for (long loser : live.tailSet(survivor, false)) {
            merge(business, survivor, loser, reason, evidence);
        }
        for (long owner : owners) {
            if (owner != survivor) {
                graph.repoint(business, owner, survivor);
            }
        }
        return survivor;
    }

    private void merge(String business, long survivor, long loser, String reason, Map<String, String> evidence) {
        merges(reason).increment();
        graph.repoint(business, loser, survivor);
        jdbc.sql("UPDATE contact SET merged_into = :survivor WHERE merged_into = :loser")
                .param("survivor", survivor).param("loser", loser).update();
        jdbc.sql("""
                UPDATE contact s SET
                    manual_name = coalesce(s.manual_name, l.manual_name),
                    manual_name_at = CASE WHEN s.manual_name IS NULL THEN l.manual_name_at ELSE s.manual_name_at END,
                    profile_name = coalesce(s.profile_name, l.profile_name),
                    display_name = coalesce(s.manual_name, l.manual_name, s.profile_name, l.profile_name),
                    phone_e164 = coalesce(s.phone_e164, l.phone_e164),
                    phone_valid = CASE WHEN s.phone_e164 IS NULL THEN l.phone_valid ELSE s.phone_valid END,
                    phone_raw = CASE WHEN s.phone_e164 IS NULL THEN coalesce(l.phone_raw, s.phone_raw) ELSE s.phone_raw END,
                    last_activity_at = greatest(s.last_activity_at, l.last_activity_at),
                    created_at = least(s.created_at, l.created_at)
                FROM contact l WHERE s.id = :survivor AND l.id = :loser
                """)
                .param("survivor", survivor).param("loser", loser).update();
        jdbc.sql("UPDATE contact SET merged_into = :survivor, merged_at = clock_timestamp() WHERE id = :loser")
                .param("survivor", survivor).param("loser", loser).update();
        jdbc.sql("""
                INSERT INTO contact_merge (business_id, survivor_id, merged_id, reason, evidence)
                VALUES (:business, :survivor, :loser, :reason, CAST(:evidence AS jsonb))
                """)
                .param("business", business).param("survivor", survivor).param("loser", loser)
                .param("reason", reason).param("evidence", codec.mapper().writeValueAsString(evidence))
                .update();
        outbox.publish(new ContactsMerged(business, survivor, loser, ConversationKeys.of(business, survivor),
                ConversationKeys.of(business, loser), reason, evidence, Instant.now()));
        log.info("Merged contact {} into {} of {}: {}", loser, survivor, business, reason);
    }
}
