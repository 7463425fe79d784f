package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.bsuid;
import static io.leadline.identity.contact.Inbound.jid;
import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.none;
import static io.leadline.identity.contact.Inbound.phone;
import static io.leadline.identity.contact.Inbound.waId;
import static io.leadline.identity.contact.Inbound.waIdAndBsuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.identity.IdentityApplication;
import io.leadline.platform.consumer.DeadLetterHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Inbound messages through the real broker and database, as the service meets them. */
@SpringBootTest(classes = IdentityApplication.class)
@LeadlineIntegrationTest
class ContactResolutionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    TopicProbe identity;

    @BeforeEach
    void openProbe() {
        identity = TopicProbe.fromNow(bootstrap, Topics.IDENTITY);
    }

    @AfterEach
    void closeProbe() {
        identity.close();
    }

    @Test
    void everyWrittenFormOfOneNumberResolvesToOneContactAndOneKey() {
        String digits = Inbound.indonesianMobile();
        String national = "0" + digits.substring(2);
        List<CustomerIdentifiers> forms = List.of(waId(digits), phone("+" + digits), phone(national),
                phone(digits), jid(digits + ":12@s.whatsapp.net"), jid(digits + "@c.us"));

        List<InboundMessageResolved> resolved = forms.stream().map(form -> resolve("demo-id", form, "Ayu")).toList();

        assertThat(resolved).extracting(InboundMessageResolved::conversationKey).containsOnly(
                resolved.getFirst().conversationKey());
        assertThat(resolved.getLast().contact().phoneE164()).isEqualTo("+" + digits);
        assertThat(resolved.getLast().contact().phoneValid()).isTrue();
        assertThat(liveContactsWith("PHONE", "+" + digits)).isEqualTo(1);
    }

    @Test
    void anLidSeenWithItsPhoneLinksToThatPhonesContact() {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();

        var byPhone = resolve("demo-id", jid(digits + "@s.whatsapp.net"), "Budi");
        var linked = resolve("demo-id", jidAndLid(digits + "@s.whatsapp.net", lid + "@lid"), "Budi");
        var byLidAlone = resolve("demo-id", jid(lid + "@lid"), "Budi");

        assertThat(linked.conversationKey()).isEqualTo(byPhone.conversationKey());
        assertThat(byLidAlone.conversationKey()).isEqualTo(byPhone.conversationKey());
        assertThat(byLidAlone.contact().displayName()).isEqualTo("Budi");
        assertThat(byLidAlone.contact().replyTo().phoneE164()).isEqualTo("+" + digits);
        assertThat(byLidAlone.contact().replyTo().lid()).isEqualTo(lid);
    }

    @Test
    void aMessageCarryingTheLidAndThePhoneOfTwoContactsMergesThemIntoTheOlder() {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        var byLid = resolve("demo-id", jid(lid + "@lid"), null);
        var byPhone = resolve("demo-id", waId(digits), "Citra");

        InboundMessageReceived proof = Inbound.from("demo-id", jidAndLid(digits + "@s.whatsapp.net", lid + "@lid"),
                "Citra");
        publish(proof);
        var merged = (ContactsMerged) await(event -> event instanceof ContactsMerged m
                && m.survivorConversationKey().equals(byLid.conversationKey()));
        var resolvedProof = resolvedOf(proof);
        var afterwards = resolve("demo-id", waId(digits), "Citra");

        assertThat(byPhone.conversationKey()).isNotEqualTo(byLid.conversationKey());
        assertThat(merged.survivorContactId()).as("the older contact survives").isEqualTo(byLid.contact().contactId());
        assertThat(merged.mergedContactId()).isEqualTo(byPhone.contact().contactId());
        assertThat(merged.mergedConversationKey()).isEqualTo(byPhone.conversationKey());
        assertThat(merged.reason()).isEqualTo("LID_LINKED_TO_PHONE");
        assertThat(merged.evidence()).containsEntry("providerMessageId", proof.providerMessageId());
        assertThat(resolvedProof.conversationKey()).isEqualTo(byLid.conversationKey());
        assertThat(afterwards.conversationKey()).as("the loser's identifiers now lead to the survivor")
                .isEqualTo(byLid.conversationKey());
        assertThat(afterwards.contact().displayName()).isEqualTo("Citra");
        assertThat(jdbc.sql("SELECT reason FROM contact_merge WHERE merged_id = :id")
                .param("id", merged.mergedContactId()).query(String.class).single()).isEqualTo("LID_LINKED_TO_PHONE");
        assertThat(jdbc.sql("SELECT merged_into FROM contact WHERE id = :id")
                .param("id", merged.mergedContactId()).query(Long.class).single())
                .isEqualTo(merged.survivorContactId());
    }

    @Test
    void aPersonKnownOnlyByABsuidIsAFullContactThatCanBeRepliedTo() {
        String bsuid = "ID." + UUID.randomUUID();

        var first = resolve("demo-id", bsuid(bsuid), "Dewi");
        var second = resolve("demo-id", bsuid(bsuid), "Dewi");

        assertThat(second.conversationKey()).isEqualTo(first.conversationKey());
        assertThat(first.contact().replyTo().address()).isEqualTo(bsuid);
        assertThat(first.contact().phoneE164()).isNull();
    }

    @Test
    void aPhoneChangeKeepsTheContactAndItsKeyWhenAMessageCarriesTheOldAndNewIdentifiers() {
        String oldNumber = Inbound.indonesianMobile();
        String newNumber = Inbound.indonesianMobile();
        String bsuid = "ID." + UUID.randomUUID();
        String newBsuid = "ID." + UUID.randomUUID();

        var before = resolve("demo-id", waIdAndBsuid(oldNumber, bsuid), "Eka");
        var withNewPhone = resolve("demo-id", waIdAndBsuid(newNumber, bsuid), "Eka");
        var withNewBsuid = resolve("demo-id", waIdAndBsuid(newNumber, newBsuid), "Eka");

        assertThat(withNewPhone.conversationKey()).isEqualTo(before.conversationKey());
        assertThat(withNewBsuid.conversationKey()).isEqualTo(before.conversationKey());
        assertThat(withNewBsuid.contact().phoneE164()).isEqualTo("+" + newNumber);
    }

    @Test
    void oneNumberWritingToTwoBusinessesIsTwoContactsWithTwoKeys() {
        String digits = Inbound.indonesianMobile();

        var inIndonesia = resolve("demo-id", waId(digits), "Fajar");
        var inIsrael = resolve("demo-il", waId(digits), "Fajar");

        assertThat(inIndonesia.conversationKey()).startsWith("demo-id:");
        assertThat(inIsrael.conversationKey()).startsWith("demo-il:");
        assertThat(inIsrael.contact().contactId()).isNotEqualTo(inIndonesia.contact().contactId());
    }

    @Test
    void theProfileNameIsStoredAndLastActivityMovesOnEveryInboundMessage() {
        String digits = Inbound.indonesianMobile();

        var first = resolve("demo-id", waId(digits), "Gita");
        var activityAfterFirst = lastActivity(first.contact().contactId());
        var renamed = resolve("demo-id", waId(digits), "Gita Sari");
        var unnamed = resolve("demo-id", waId(digits), null);

        assertThat(renamed.contact().profileName()).isEqualTo("Gita Sari");
        assertThat(renamed.contact().displayName()).isEqualTo("Gita Sari");
        assertThat(unnamed.contact().displayName()).as("a message without a name keeps it").isEqualTo("Gita Sari");
        assertThat(lastActivity(first.contact().contactId())).isAfter(activityAfterFirst);
    }

    @Test
    void anUnreadablePhoneStillResolvesAContactMarksThePhoneInvalidAndRaisesAnOpsTask() {
        String written = "0813-" + UUID.randomUUID().toString().substring(0, 4) + "x";
        try (TopicProbe ops = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS)) {
            var first = resolve("demo-id", phone(written), "Hadi");
            var again = resolve("demo-id", phone(written), "Hadi");
            var task = ops.awaitCount(record -> TopicProbe.value(record).contains(written), 1, TIMEOUT).getFirst();

            var raised = codec.decode(task.value(), OpsTaskRaised.class);
            assertThat(again.conversationKey()).isEqualTo(first.conversationKey());
            assertThat(first.contact().phoneValid()).isFalse();
            assertThat(raised.type()).isEqualTo("INVALID_PHONE");
            assertThat(raised.contactId()).isEqualTo(first.contact().contactId());
            assertThat(jdbc.sql("SELECT phone_raw FROM contact WHERE id = :id")
                    .param("id", first.contact().contactId()).query(String.class).single()).isEqualTo(written);
        }
    }

    @Test
    void aMessageWithNoUsableIdentifierGoesToTheDeadLetterTopicWithTheReason() {
        try (TopicProbe dead = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.INBOUND))) {
            InboundMessageReceived nobody = Inbound.from("demo-id", none(), "Nobody");
            publish(nobody);

            var record = dead.awaitCount(r -> TopicProbe.value(r).contains(nobody.providerMessageId()), 1, TIMEOUT)
                    .getFirst();

            assertThat(TopicProbe.header(record, DeadLetterHeaders.REASON))
                    .contains(nobody.providerMessageId()).contains("no usable customer identifier");
        }
    }

    private InboundMessageResolved resolve(String business, CustomerIdentifiers from, String name) {
        InboundMessageReceived message = Inbound.from(business, from, name);
        publish(message);
        return resolvedOf(message);
    }

    private InboundMessageResolved resolvedOf(InboundMessageReceived message) {
        return (InboundMessageResolved) await(event -> event instanceof InboundMessageResolved resolved
                && resolved.message().providerMessageId().equals(message.providerMessageId()));
    }

    private LeadlineEvent await(java.util.function.Predicate<LeadlineEvent> wanted) {
        return identity.awaitCount(record -> wanted.test(decode(record)), 1, TIMEOUT).stream()
                .map(this::decode).filter(wanted).findFirst().orElseThrow();
    }

    private LeadlineEvent decode(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
        String type = TopicProbe.header(record, "ce_type");
        var eventClass = io.leadline.contracts.EventTypes.classOf(type).orElseThrow();
        return codec.decode(record.value(), eventClass);
    }

    private void publish(InboundMessageReceived message) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), message)));
    }

    private long liveContactsWith(String kind, String value) {
        return jdbc.sql("""
                SELECT count(DISTINCT c.id) FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE i.kind = :kind AND i.value = :value AND c.merged_into IS NULL
                """).param("kind", kind).param("value", value).query(Long.class).single();
    }

    private java.time.Instant lastActivity(long contactId) {
        return jdbc.sql("SELECT last_activity_at FROM contact WHERE id = :id").param("id", contactId)
                .query(java.sql.Timestamp.class).single().toInstant();
    }
}
