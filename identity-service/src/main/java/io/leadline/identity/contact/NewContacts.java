package io.leadline.identity.contact;

import io.leadline.identity.contact.ContactGraph.Owned;
import io.leadline.identity.contact.Contacts.Touched;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The new people of a poll batch, created together: their candidate ids from one sequence call, every identity
 * claimed in one {@code INSERT … ON CONFLICT DO NOTHING}, their contact rows in one insert. The claim is the
 * only arbiter, as it is one at a time: a person who lost any identity to a concurrent transaction gives back
 * what they won and is resolved one at a time, which links or merges as the graph then says.
 *
 * <p>Only messages whose result cannot depend on the order are taken: the first message of someone none of
 * whose identifiers the graph knows, and later messages of that person that bring nothing new. A message that
 * names both a new person and anything else (a known identifier, another new person, an identifier a message
 * before it will link) is resolved one at a time in its place, and so is every new person it shares an
 * identifier with after it: their identities are not claimed before that message could claim them.
 */
@Component
class NewContacts {

    private final ContactGraph graph;
    private final Contacts contacts;
    private final Counter claimed;
    private final Counter lost;

    NewContacts(ContactGraph graph, Contacts contacts, MeterRegistry meters) {
        this.graph = graph;
        this.contacts = contacts;
        this.claimed = claims(meters, "claimed");
        this.lost = claims(meters, "lost");
    }

    /**
     * Creates the contacts of the batch's new people. Answers, by position in the batch, the card of each message
     * that created one; the identities of each created contact are added to {@code owners}, so the person's later
     * messages in the batch are known.
     */
    Map<Integer, Touched> create(List<BatchMessage> messages, Map<Owned, Long> owners) {
        List<Integer> firsts = firstMessagesOfNewPeople(messages, owners);
        if (firsts.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = contacts.nextIds(firsts.size());
        Map<Owned, Long> candidates = new HashMap<>();
        for (int i = 0; i < firsts.size(); i++) {
            long candidate = ids.get(i);
            messages.get(firsts.get(i)).owned().forEach(identity -> candidates.put(identity, candidate));
        }
        Set<Owned> won = graph.claimNew(candidates);
        List<Integer> winners = new ArrayList<>();
        List<Long> losers = new ArrayList<>();
        for (int i = 0; i < firsts.size(); i++) {
            boolean all = won.containsAll(messages.get(firsts.get(i)).owned());
            (all ? claimed : lost).increment();
            if (all) {
                winners.add(i);
            } else {
                losers.add(ids.get(i));
            }
        }
        if (!losers.isEmpty()) {
            graph.release(losers);
        }
        if (winners.isEmpty()) {
            return Map.of();
        }
        List<BatchMessage> creators = winners.stream().map(i -> messages.get(firsts.get(i)).ownedBy(ids.get(i)))
                .toList();
        Map<Long, Touched> cards = contacts.createAll(creators.stream().map(BatchMessage::touch).toList(),
                creators.stream().map(creator -> creator.payload().businessId()).toList());
        Map<Integer, Touched> created = new HashMap<>();
        for (int i : winners) {
            long id = ids.get(i);
            messages.get(firsts.get(i)).owned().forEach(identity -> owners.put(identity, id));
            created.put(firsts.get(i), cards.get(id));
        }
        return created;
    }

    /** Positions of the messages that may create their sender's contact with the batch (see the class comment). */
    static List<Integer> firstMessagesOfNewPeople(List<BatchMessage> messages, Map<Owned, Long> owners) {
        Map<Owned, Integer> personOf = new HashMap<>();
        Set<Owned> oneAtATime = new HashSet<>();
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            BatchMessage message = messages.get(i);
            List<Owned> owned = message.owned();
            if (message.soleOwner(owners) != null) {
                continue; // known: none of its identities is new, so it shares none with a new person
            }
            boolean unknown = message.hasBusiness() && !owned.isEmpty()
                    && owned.stream().noneMatch(owners::containsKey);
            List<Integer> people = owned.stream().map(personOf::get).filter(Objects::nonNull).distinct().toList();
            long ofPeople = owned.stream().filter(personOf::containsKey).count();
            if (unknown && ofPeople == 0 && owned.stream().noneMatch(oneAtATime::contains)) {
                int first = i;
                owned.forEach(identity -> personOf.put(identity, first));
                firsts.add(i);
            } else if (!(unknown && ofPeople == owned.size() && people.size() == 1)) {
                oneAtATime.addAll(owned);
            } // else a later message of a new person that brings nothing new: known once the person is created
        }
        return firsts;
    }

    private static Counter claims(MeterRegistry meters, String outcome) {
        return Counter.builder("leadline.identity.new-contact-claims")
                .description("New people of a poll batch claimed together: claimed, or lost to a concurrent"
                        + " transaction (then resolved one at a time)")
                .tag("outcome", outcome)
                .register(meters);
    }
}
