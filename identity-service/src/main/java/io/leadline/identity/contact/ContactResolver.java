package io.leadline.identity.contact;

import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.identity.contact.ContactGraph.Claim;
import io.leadline.identity.contact.Contacts.Touched;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ties an inbound message to its one contact. No find-then-create: every identity is claimed by an upsert on the
 * graph's unique key, in one global order, so concurrent first messages of one person meet at the first identity
 * they share and agree on one contact. A message whose identities belong to several contacts proves they are one
 * person: they are merged.
 */
@Service
class ContactResolver {

    private final ContactGraph graph;
    private final Contacts contacts;
    private final Merges merges;
    private final Outbox outbox;
    private final PlatformProperties platform;
    private final MeterRegistry meters;

    ContactResolver(ContactGraph graph, Contacts contacts, Merges merges, Outbox outbox, PlatformProperties platform,
            MeterRegistry meters) {
        this.graph = graph;
        this.contacts = contacts;
        this.merges = merges;
        this.outbox = outbox;
        this.platform = platform;
        this.meters = meters;
    }

    @Transactional
    public void resolve(InboundMessageReceived message) {
        String business = message.businessId();
        if (business == null || business.isBlank()) {
            throw new UnresolvableMessageException("message " + message.providerMessageId() + " has no business id");
        }
        Identities identities = identitiesOf(message);
        if (identities.isEmpty()) {
            throw new UnresolvableMessageException("message " + message.providerMessageId() + " of " + business
                    + " names no usable customer identifier (no WhatsApp id, phone, JID, LID, BSUID, username"
                    + " or provider contact id)");
        }
        try {
            apply(business, identities, message);
        } catch (ConcurrencyFailureException deadlock) {
            // A deadlock with another batch: only rolling the whole batch back frees the locks it holds, so this
            // is reported as transient and the container retries the batch after its back-off.
            throw new TransientDataAccessResourceException(
                    "identity resolution met a concurrent one; the batch is retried: " + deadlock.getMessage(), deadlock);
        }
    }

    /** The normalized identities of the message's sender, read with its business's default region. */
    Identities identitiesOf(InboundMessageReceived message) {
        return Identities.of(message.from(), message.businessId() == null ? null : region(message.businessId()));
    }

    static Counter resolutions(MeterRegistry meters, String outcome) {
        return Counter.builder("leadline.identity.resolutions")
                .description("Inbound messages resolved, by how: known, linked (new identifier), created, merged")
                .tag("outcome", outcome)
                .register(meters);
    }

    private void apply(String business, Identities identities, InboundMessageReceived message) {
        Instant at = message.receivedAt() == null ? Instant.now() : message.receivedAt();
        Map<Identity, Long> known = graph.owners(business, identities.identities());
        String profileName = message.fromBusiness() ? null : message.profileName();
        Touched touched = null;
        long contactId;
        boolean newIdentity = false;
        String outcome = "known";
        if (known.size() == identities.identities().size() && new TreeSet<>(known.values()).size() == 1) {
            contactId = known.values().iterator().next();
        } else {
            outcome = "linked";
            // The candidate is the contact of the most trusted identifier already known, else a new one.
            Long trusted = identities.identities().stream().map(known::get).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            long candidate = trusted != null ? trusted : contacts.nextId();
            List<Claim> claims = graph.claim(business, identities.identities(), candidate);
            newIdentity = claims.stream().anyMatch(Claim::inserted);
            var owners = claims.stream().map(Claim::owner).collect(Collectors.toCollection(TreeSet::new));
            if (trusted == null) {
                owners.remove(candidate);
                if (owners.isEmpty()) {
                    outcome = "created";
                    touched = contacts.create(candidate, business, profileName, identities.phone(),
                            identities.invalidPhone(), at);
                    owners.add(candidate);
                } else {
                    // Someone claimed one of these identities first: the fresh candidate was never visible to
                    // anyone, so its identities simply join the existing contact.
                    graph.repoint(business, candidate, owners.first());
                }
            }
            if (owners.size() > 1) {
                outcome = "merged";
            }
            contactId = owners.size() == 1 ? owners.first()
                    : merges.mergeAll(business, owners, reason(identities), evidence(message, identities, claims));
        }
        if (touched == null) {
            touched = contacts.touch(contactId, profileName, identities.phone(), identities.invalidPhone(), at,
                    !message.fromBusiness());
        }
        while (touched.mergedInto() != null) {
            // Merged by a concurrent message after this one read the graph: follow it to the survivor.
            graph.repoint(business, contactId, touched.mergedInto());
            contactId = touched.mergedInto();
            touched = contacts.touch(contactId, profileName,
                    identities.phone(), identities.invalidPhone(), at, !message.fromBusiness());
        }
        if (identities.invalidPhone() != null && newIdentity) {
            outbox.publish(invalidPhone(business, contactId, identities, message));
        }
        outbox.publish(new InboundMessageResolved(business, ConversationKeys.of(business, contactId),
                touched.card(), message));
        resolutions(meters, outcome).increment();
    }

    private String region(String business) {
        return platform.business(business).map(PlatformProperties.Business::defaultRegion).orElse(null);
    }

    private static String reason(Identities identities) {
        boolean phone = identities.has(IdentityKind.PHONE) || identities.has(IdentityKind.WA_ID);
        if (phone && identities.has(IdentityKind.LID)) {
            return Merges.LID_LINKED_TO_PHONE;
        }
        if (phone && identities.has(IdentityKind.BSUID)) {
            return Merges.BSUID_LINKED_TO_PHONE;
        }
        return Merges.IDENTIFIERS_IN_ONE_MESSAGE;
    }

    private static Map<String, String> evidence(InboundMessageReceived message, Identities identities,
            List<Claim> claims) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("providerMessageId", String.valueOf(message.providerMessageId()));
        evidence.put("channel", String.valueOf(message.channel()));
        evidence.put("identifiers", identities.identities().stream().map(Identity::toString)
                .collect(Collectors.joining(", ")));
        claims.forEach(claim -> evidence.merge("contact:" + claim.owner(), claim.identity().toString(),
                (a, b) -> a + ", " + b));
        return evidence;
    }

    OpsTaskRaised invalidPhone(String business, long contactId, Identities identities,
            InboundMessageReceived message) {
        String region = region(business);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("phone", identities.invalidPhone());
        evidence.put("region", String.valueOf(region));
        evidence.put("providerMessageId", String.valueOf(message.providerMessageId()));
        return new OpsTaskRaised(business, "INVALID_PHONE", "contact:" + contactId, null, contactId,
                "The customer's phone could not be read as a number of region " + region
                        + "; the contact was resolved by the identifier it has, and replies may not reach it.",
                evidence, Instant.now());
    }
}
