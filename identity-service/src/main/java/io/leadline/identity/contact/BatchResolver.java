package io.leadline.identity.contact;

import io.leadline.contracts.CustomerIdentifiers;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The common cases in bulk. A message whose every identifier already belongs to one contact needs no claim and no
 * merge: only its contact's row is touched and its resolved event published. A message of someone the graph has
 * never seen creates their contact together with the batch's other new people ({@link NewContacts}). So a poll
 * batch costs one lookup of all its identifiers, one claim and one insert for its new people, and one update per
 * run of known messages, instead of statements per message; the rows for the outbox go in one insert at commit.
 * A message that brings anything else (a new identifier for a known person, the proof of a merge, a claim lost to
 * a concurrent transaction) is resolved on its own by {@link ContactResolver}, in its place in the order, so the
 * events of one conversation key stay in the order their messages came.
 */
@Service
class BatchResolver {

    private final ContactGraph graph;
    private final Contacts contacts;
    private final NewContacts newContacts;
    private final ContactResolver resolver;
    private final Outbox outbox;
    private final Counter known;
    private final Counter created;

    BatchResolver(ContactGraph graph, Contacts contacts, NewContacts newContacts, ContactResolver resolver,
            Outbox outbox, MeterRegistry meters) {
        this.graph = graph;
        this.contacts = contacts;
        this.newContacts = newContacts;
        this.resolver = resolver;
        this.outbox = outbox;
        this.known = ContactResolver.resolutions(meters, "known");
        this.created = ContactResolver.resolutions(meters, "created");
    }

    @Transactional
    public void resolveAll(List<EventEnvelope<InboundMessageReceived>> envelopes) {
        if (envelopes.size() == 1) {
            resolveOne(envelopes.getFirst());
            return;
        }
        // A sender's identifiers are read once per batch: libphonenumber is the costliest step of a known message.
        Map<Sender, Identities> read = new HashMap<>();
        List<BatchMessage> messages = envelopes.stream()
                .map(envelope -> BatchMessage.of(envelope, read.computeIfAbsent(
                        new Sender(envelope.payload().businessId(), envelope.payload().from()),
                        sender -> resolver.identitiesOf(envelope.payload()))))
                .toList();
        Map<Owned, Long> owners;
        Map<Integer, Touched> firsts;
        try {
            owners = graph.owners(messages.stream().flatMap(message -> message.owned().stream()).distinct().toList());
            firsts = newContacts.create(messages, owners);
        } catch (ConcurrencyFailureException deadlock) {
            throw retryTheBatch(deadlock);
        }
        List<BatchMessage> run = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            BatchMessage message = messages.get(i);
            Touched first = firsts.get(i);
            Long owner = first != null ? null : message.soleOwner(owners);
            if (first != null || owner != null) {
                run.add(first != null ? message.createdAs(first) : message.ownedBy(owner));
                continue;
            }
            publishRun(run);
            run.clear();
            resolveOne(message.envelope());
        }
        publishRun(run);
    }

    private void resolveOne(EventEnvelope<InboundMessageReceived> envelope) {
        try (var trace = Traces.continueOrStart(envelope.traceparent())) {
            resolver.resolve(envelope.payload());
        }
    }

    /** Publishes a run of messages whose contact is known or was just created, in their order. */
    private void publishRun(List<BatchMessage> run) {
        if (run.isEmpty()) {
            return;
        }
        Map<Long, Touch> touches = new LinkedHashMap<>();
        run.stream().filter(message -> message.created() == null)
                .forEach(message -> touches.merge(message.owner(), message.touch(), BatchResolver::then));
        Map<Long, Touched> touched;
        try {
            touched = touches.isEmpty() ? Map.of() : contacts.touchAll(touches.values());
        } catch (ConcurrencyFailureException deadlock) {
            throw retryTheBatch(deadlock);
        }
        for (BatchMessage message : run) {
            Touched contact = message.created() != null ? message.created() : touched.get(message.owner());
            if (contact == null || contact.mergedInto() != null) {
                // Merged by an earlier message of this batch: the full path follows the merge to the survivor.
                resolveOne(message.envelope());
                continue;
            }
            InboundMessageReceived payload = message.payload();
            try (var trace = Traces.continueOrStart(message.envelope().traceparent())) {
                if (message.created() != null && message.identities().invalidPhone() != null) {
                    outbox.publish(resolver.invalidPhone(payload.businessId(), message.owner(), message.identities(),
                            payload));
                }
                outbox.publish(new InboundMessageResolved(payload.businessId(),
                        ConversationKeys.of(payload.businessId(), message.owner()), contact.card(), payload));
            }
            (message.created() != null ? created : known).increment();
        }
    }

    private static TransientDataAccessResourceException retryTheBatch(ConcurrencyFailureException deadlock) {
        return new TransientDataAccessResourceException(
                "identity resolution met a concurrent one; the batch is retried: " + deadlock.getMessage(), deadlock);
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

    private record Sender(String business, CustomerIdentifiers from) {
    }
}
