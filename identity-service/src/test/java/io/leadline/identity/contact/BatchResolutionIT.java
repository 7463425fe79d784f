package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.waId;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.identity.IdentityApplication;
import io.leadline.platform.consumer.IdempotentConsumer;
import io.leadline.platform.event.EventCodec;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One poll batch mixing people identity knows with a new person, a new identifier and a merge: the known ones go
 * the bulk way, the rest one by one, and the result is what resolving them one at a time in order would give.
 */
@SpringBootTest(classes = IdentityApplication.class)
@LeadlineIntegrationTest
class BatchResolutionIT {

    @Autowired
    IdempotentConsumer consumer;

    @Autowired
    BatchResolver batches;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMixedBatchResolvesEveryMessageAsOneAtATimeWouldAndKeepsTheOrderOfEachPerson() {
        String ayu = Inbound.indonesianMobile();
        String budi = Inbound.indonesianMobile();
        String citra = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        apply(List.of(message(waId(ayu), "Ayu", "a0"), message(waId(budi), "Budi", "b0")));
        long ayuId = contactOf(ayu);
        long budiId = contactOf(budi);

        List<InboundMessageReceived> batch = List.of(
                message(waId(ayu), "Ayu", "a1"),
                message(waId(budi), "Budi", "b1"),
                message(waId(citra), "Citra", "c1"),
                message(jidAndLid(ayu + "@s.whatsapp.net", lid + "@lid"), "Ayu", "a2"),
                message(waId(ayu), "Ayu", "a3"),
                message(waId(budi), "Budi Santoso", "b2"));
        apply(batch);

        assertThat(resolvedTexts(ayuId)).containsExactly("a0", "a1", "a2", "a3");
        assertThat(resolvedTexts(budiId)).containsExactly("b0", "b1", "b2");
        assertThat(resolvedTexts(contactOf(citra))).containsExactly("c1");
        assertThat(contactOfLid(lid)).as("the LID joined Ayu's contact").isEqualTo(ayuId);
        assertThat(lastResolved(budiId).contact().profileName()).isEqualTo("Budi Santoso");
        assertThat(jdbc.sql("SELECT profile_name FROM contact WHERE id = :id").param("id", budiId)
                .query(String.class).single()).isEqualTo("Budi Santoso");
    }

    @Test
    void aKnownMessageAfterTheMergeOfItsContactInTheSameBatchFollowsTheMergeToTheSurvivor() {
        String phone = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        apply(List.of(message(waId(phone), "Rina", "p0")));
        apply(List.of(message(new CustomerIdentifiers(null, null, lid + "@lid", null, null,
                null, null, null), "Rina", "l0")));
        long older = contactOf(phone);
        long younger = contactOfLid(lid);
        assertThat(younger).isNotEqualTo(older);

        apply(List.of(message(jidAndLid(phone + "@s.whatsapp.net", lid + "@lid"), "Rina", "proof"),
                message(new CustomerIdentifiers(null, null, lid + "@lid", null, null, null,
                        null, null), "Rina", "l1")));

        assertThat(contactOfLid(lid)).isEqualTo(older);
        assertThat(lastResolved(older).message().text()).isEqualTo("l1");
        assertThat(lastResolved(older).conversationKey()).isEqualTo("demo-id:contact:" + older);
    }

    private void apply(List<InboundMessageReceived> messages) {
        new PollBatches(consumer, batches, codec).apply(messages);
    }

    private static InboundMessageReceived message(CustomerIdentifiers from, String name, String text) {
        return Inbound.from("demo-id", from, name, text);
    }

    private List<InboundMessageResolved> resolved(long contactId) {
        return jdbc.sql("SELECT payload FROM outbox_event WHERE topic = :topic AND record_key = :key ORDER BY id")
                .param("topic", Topics.IDENTITY)
                .param("key", "demo-id:contact:" + contactId)
                .query((rs, n) -> codec.decode(rs.getBytes("payload"), InboundMessageResolved.class))
                .list();
    }

    private List<String> resolvedTexts(long contactId) {
        return resolved(contactId).stream().map(event -> event.message().text()).toList();
    }

    private InboundMessageResolved lastResolved(long contactId) {
        return resolved(contactId).getLast();
    }

    private long contactOf(String waId) {
        return jdbc.sql("SELECT coalesce(c.merged_into, c.id) FROM contact_identity i JOIN contact c ON c.id = i.contact_id"
                + " WHERE i.kind = 'WA_ID' AND i.value = :v").param("v", waId).query(Long.class).single();
    }

    private long contactOfLid(String lid) {
        return jdbc.sql("SELECT coalesce(c.merged_into, c.id) FROM contact_identity i JOIN contact c ON c.id = i.contact_id"
                + " WHERE i.kind = 'LID' AND i.value = :v").param("v", lid).query(Long.class).single();
    }
}
