package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.lidOnly;
import static io.leadline.identity.contact.Inbound.phone;
import static io.leadline.identity.contact.Inbound.waId;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.identity.contact.ContactGraph.Owned;
import io.leadline.platform.event.EventEnvelope;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which messages of a batch may create their sender's contact together, before the batch is applied in order. */
class NewContactsTest {

    private final String ayu = Inbound.indonesianMobile();
    private final String budi = Inbound.indonesianMobile();
    private final String lid = Inbound.lid();

    @Test
    void eachNewPersonIsCreatedByTheirFirstMessageAndTheirRepeatsWaitToBeKnown() {
        var firsts = firstsOf(Map.of(), waId(ayu), waId(budi), phone("0" + ayu.substring(2)), waId(ayu));

        assertThat(firsts).containsExactly(0, 1);
    }

    @Test
    void aMessageThatBringsANewIdentifierToANewPersonIsLeftToTheOneAtATimePath() {
        var firsts = firstsOf(Map.of(), phone("+" + ayu), jidAndLid(ayu + "@s.whatsapp.net", lid + "@lid"));

        assertThat(firsts).containsExactly(0);
    }

    @Test
    void aNewPersonNamedByAnEarlierMessageOfTheOneAtATimePathIsLeftToItToo() {
        Owned known = new Owned("demo-id", new Identity(IdentityKind.PHONE, "+" + ayu));

        var firsts = firstsOf(Map.of(known, 7L), jidAndLid(ayu + "@s.whatsapp.net", lid + "@lid"), lidOnly(lid),
                waId(budi));

        assertThat(firsts).as("the LID-only message must meet the contact the first one links the LID to")
                .containsExactly(2);
    }

    @Test
    void aMessageWithAKnownIdentifierIsNeverANewPerson() {
        Owned known = new Owned("demo-id", new Identity(IdentityKind.PHONE, "+" + ayu));

        var firsts = firstsOf(Map.of(known, 7L), waId(ayu), phone("+" + ayu), waId(budi));

        assertThat(firsts).containsExactly(2);
    }

    @Test
    void aMessageWithoutABusinessOrAnIdentifierIsNeverANewPerson() {
        var nobody = new CustomerIdentifiers(null, " ", null, null, null, null, null, null);
        List<BatchMessage> messages = List.of(message(null, waId(ayu)), message("demo-id", nobody));

        assertThat(NewContacts.firstMessagesOfNewPeople(messages, new HashMap<>())).isEmpty();
    }

    private static List<Integer> firstsOf(Map<Owned, Long> owners, CustomerIdentifiers... senders) {
        var messages = Arrays.stream(senders).map(from -> message("demo-id", from)).toList();
        return NewContacts.firstMessagesOfNewPeople(messages, new HashMap<>(owners));
    }

    private static BatchMessage message(String business, CustomerIdentifiers from) {
        var payload = Inbound.from(business, from, "Sari");
        return BatchMessage.of(new EventEnvelope<>("e", "t", "/test", Instant.now(), null, "topic", 0, 0, null,
                payload), Identities.of(from, "ID"));
    }
}
