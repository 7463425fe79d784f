package io.leadline.identity.contact;

import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.identity.contact.ContactGraph.Owned;
import io.leadline.identity.contact.Contacts.Touch;
import io.leadline.identity.contact.Contacts.Touched;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The common case in bulk. A message whose every identifier already belongs to one contact needs no claim and no
 * merge: only its contact's row is touched and its resolved event published. So a poll batch costs one lookup of
 * all its identifiers and one update per run of such messages, instead of two statements per message; the rows
 * for the outbox go in one insert at commit. A message that brings anything new (an identifier, a person, the
 * proof of a merge) is resolved on its own by {@link ContactResolver}, in its place in the order, so the events of
 * one conversation key stay in the order their messages came.
 */
@Service
class BatchResolver {

    private final ContactGraph graph;
    private final Contacts contacts;
    private final ContactResolver resolver;
    private final Outbox outbox;
    private final Counter known;

    BatchResolver(ContactGraph graph, Contacts contacts, ContactResolver resolver, Outbox outbox,
            MeterRegistry meters) {
        this.graph = graph;
        this.contacts = contacts;
        this.resolver = resolver;
        this.outbox = outbox;
        this.known = ContactResolver.resolutions(meters, "known");
    }

    @Transactional
    public void resolveAll(List<EventEnvelope<InboundMessageReceived>> envelopes) {
        if (envelopes.size() == 1) {
            resolveOne(envelopes.getFirst());
            return;
        }
        List<Parsed> messages = envelopes.stream()
                .map(envelope -> new Parsed(envelope, resolver.identitiesOf(envelope.payload())))
                .toList();
        Map<Owned, Long> owners = graph.owners(messages.stream().flatMap(Parsed::owned).distinct().toList());
        List<Parsed> run = new ArrayList<>();
        for (Parsed message : messages) {
            Long owner = message.soleOwner(owners);
            if (owner != null) {
                run.add(message.ownedBy(owner));
                continue;
            }
            publishKnown(run);
            run.clear();
            resolveOne(message.envelope());
        }
        publishKnown(run);
    }

    private void resolveOne(EventEnvelope<InboundMessageReceived> envelope) {
        try (var trace = Traces.continueOrStart(envelope.traceparent())) {
            resolver.resolve(envelope.payload());
        }
    }

    private void publishKnown(List<Parsed> run) {
        if (run.isEmpty()) {
            return;
        }
        Map<Long, Touch> touches = new LinkedHashMap<>();
        run.forEach(message -> touches.merge(message.owner(), message.touch(), BatchResolver::then));
        Map<Long, Touched> touched;
        try {
            touched = contacts.touchAll(touches.values());
        } catch (ConcurrencyFailureException deadlock) {
            throw new TransientDataAccessResourceException(
                    "identity resolution met a concurrent one; the batch is retried: " + deadlock.getMessage(), deadlock);
        }
        for (Parsed message : run) {
            Touched contact = touched.get(message.owner());
            if (contact == null || contact.mergedInto() != null) {
                // Merged by an earlier message of this batch: the full path follows the merge to the survivor.
                resolveOne(message.envelope());
                continue;
            }
            InboundMessageReceived payload = message.envelope().payload();
            try (var trace = Traces.continueOrStart(message.envelope().traceparent())) {
                outbox.publish(new InboundMessageResolved(payload.businessId(),
                        ConversationKeys.of(payload.businessId(), message.owner()), contact.card(), payload));
            }
            known.increment();
        }
    }

    /** Two touches of one contact in message order: the later name and phone win, the activity moves forward. */
    private static Touch then(Touch earlier, Touch later) {
        Instant activity = earlier.activityAt() == null ? later.activityAt()
                : later.activityAt() == null || earlier.activityAt().isAfter(later.activityAt())
                        ? earlier.activityAt() : later.activityAt();
        return new Touch(earlier.contactId(),
                later.profileName() != null && !later.profileName().isBlank() ? later.profileName() : earlier.profileName(),
                later.phone().isPresent() ? later.phone() : earlier.phone(),
                later.invalidPhone() != null ? later.invalidPhone() : earlier.invalidPhone(), activity);
    }

    private record Parsed(EventEnvelope<InboundMessageReceived> envelope, Identities identities, long owner) {

        Parsed(EventEnvelope<InboundMessageReceived> envelope, Identities identities) {
            this(envelope, identities, 0);
        }

        java.util.stream.Stream<Owned> owned() {
            return identities.identities().stream().map(identity -> new Owned(business(), identity));
        }

        /** The one contact every identifier of the message belongs to, or null when it brings anything new. */
        Long soleOwner(Map<Owned, Long> owners) {
            if (identities.isEmpty()) {
                return null;
            }
            List<Long> found = owned().map(owners::get).toList();
            return found.contains(null) || found.stream().distinct().count() != 1 ? null : found.getFirst();
        }

        Parsed ownedBy(long contactId) {
            return new Parsed(envelope, identities, contactId);
        }

        Touch touch() {
            InboundMessageReceived message = envelope.payload();
            boolean customerWrote = !message.fromBusiness();
            Instant at = message.receivedAt() == null ? Instant.now() : message.receivedAt();
            return new Touch(owner, customerWrote ? message.profileName() : null, identities.phone(),
                    identities.invalidPhone(), customerWrote ? at : null);
        }

        private String business() {
            return Objects.requireNonNullElse(envelope.payload().businessId(), "");
        }
    }
}
