package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.lidOnly;
import static io.leadline.identity.contact.Inbound.phone;
import static io.leadline.identity.contact.Inbound.waId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.identity.IdentityApplication;
import io.leadline.platform.consumer.IdempotentConsumer;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The batch path for new people ({@link NewContacts}) against real PostgreSQL, through the platform's idempotent
 * consumer: each poll batch must end as resolving its messages one at a time in order would, and a claim that a
 * concurrent transaction holds must be waited for and lost cleanly, never turned into a second contact.
 */
@SpringBootTest(classes = IdentityApplication.class)
@LeadlineIntegrationTest
class NewContactBatchIT {

    private static final String BUSINESS = "demo-id";

    @Autowired
    IdempotentConsumer consumer;

    @Autowired
    BatchResolver resolver;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    private PollBatches batches;

    @BeforeEach
    void batches() {
        batches = new PollBatches(consumer, resolver, codec);
    }

    @Test
    void newSendersOfOneBatchSharingAnIdentifierEndAsOneContactWithTheirEventsInOrder() {
        String ayu = Inbound.indonesianMobile();
        String budi = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        double claimed = claims("claimed");

        batches.apply(List.of(
                message(waId(ayu), "a1"),
                message(phone("0" + ayu.substring(2)), "a2"),
                message(jidAndLid(ayu + "@s.whatsapp.net", lid + "@lid"), "a3"),
                message(waId(budi), "b1"),
                message(waId(ayu), "a4")));

        long ayuId = owner("WA_ID", ayu);
        assertThat(owner("PHONE", "+" + ayu)).isEqualTo(ayuId);
        assertThat(owner("LID", lid)).as("the LID a later message brought joined the new contact").isEqualTo(ayuId);
        assertThat(contactRowsOf(ayuId)).as("one contact row, none merged into it").isEqualTo(1);
        assertThat(resolvedTexts(ayuId)).containsExactly("a1", "a2", "a3", "a4");
        assertThat(resolvedTexts(owner("WA_ID", budi))).containsExactly("b1");
        assertThat(claims("claimed") - claimed).as("Ayu and Budi were claimed together").isEqualTo(2);
    }

    @Test
    void twoNewPeopleALaterMessageOfTheBatchProvesToBeOneAreMergedWithTheirAudit() {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();

        batches.apply(List.of(
                message(lidOnly(lid), "l1"),
                message(waId(digits), "p1"),
                message(jidAndLid(digits + "@s.whatsapp.net", lid + "@lid"), "proof"),
                message(waId(digits), "p2")));

        long survivor = owner("LID", lid);
        long merged = jdbc.sql("SELECT merged_id FROM contact_merge WHERE survivor_id = :id AND reason = :reason")
                .param("id", survivor).param("reason", Merges.LID_LINKED_TO_PHONE).query(Long.class).single();
        assertThat(merged).as("the first message's contact is the older one").isGreaterThan(survivor);
        assertThat(owner("WA_ID", digits)).isEqualTo(survivor);
        assertThat(resolvedTexts(merged)).as("resolved before the proof came").containsExactly("p1");
        assertThat(resolvedTexts(survivor)).containsExactly("l1", "proof", "p2");
        assertThat(outbox(ContactsMerged.class, "demo-id:contact:" + survivor)).hasSize(1);
    }

    @Test
    void anUnreadablePhoneOfANewSenderRaisesItsOpsTaskOnceBeforeItsResolvedEvent() {
        String written = "0813-" + UUID.randomUUID().toString().substring(0, 4) + "x";

        batches.apply(List.of(message(phone(written), "w1"), message(phone(written), "w2"),
                message(waId(Inbound.indonesianMobile()), "other")));

        long contact = owner("RAW", written.toLowerCase());
        List<String> events = jdbc.sql("SELECT topic, record_key, payload FROM outbox_event ORDER BY id")
                .query((rs, n) -> switch (rs.getString("topic")) {
                    case Topics.OPS_TASKS -> codec.decode(rs.getBytes("payload"), OpsTaskRaised.class).contactId()
                            == contact ? "ops task" : "";
                    case Topics.IDENTITY -> rs.getString("record_key").equals("demo-id:contact:" + contact)
                            ? "resolved" : "";
                    default -> "";
                })
                .list().stream().filter(event -> !event.isEmpty()).toList();
        assertThat(events).containsExactly("ops task", "resolved", "resolved");
        assertThat(jdbc.sql("SELECT phone_raw FROM contact WHERE id = :id AND NOT phone_valid").param("id", contact)
                .query(String.class).single()).isEqualTo(written);
    }

    @Test
    void aNewSenderWhosePhoneAConcurrentTransactionIsClaimingWaitsForItAndJoinsItsContact() throws Exception {
        String held = Inbound.indonesianMobile();
        String fresh = Inbound.indonesianMobile();
        double lost = claims("lost");
        var records = List.of(batches.record(message(waId(held), "h1")), batches.record(message(waId(fresh), "f1")));

        long concurrent = applyWhileAnotherTransactionClaims("+" + held, records, Connection::commit);

        assertThat(owner("PHONE", "+" + held)).isEqualTo(concurrent);
        assertThat(owner("WA_ID", held)).as("the batch's WhatsApp id joined the winner").isEqualTo(concurrent);
        assertThat(contactsEverOwning(held)).as("no second contact, not even merged").isEqualTo(1);
        assertThat(resolvedTexts(concurrent)).containsExactly("h1");
        assertThat(resolvedTexts(owner("WA_ID", fresh))).containsExactly("f1");
        assertThat(claims("lost") - lost).isEqualTo(1);
        assertThat(processed(records.stream().map(r -> CloudEventHeaders.read(r.headers(), CloudEventHeaders.ID))
                .toList())).as("both event ids recorded with the change").isEqualTo(2);
    }

    @Test
    void aNewSenderWhoseConcurrentClaimIsRolledBackIsCreatedByTheBatch() throws Exception {
        String digits = Inbound.indonesianMobile();
        double claimed = claims("claimed");
        var records = List.of(batches.record(message(waId(digits), "r1")),
                batches.record(message(waId(Inbound.indonesianMobile()), "r2")));

        long abandoned = applyWhileAnotherTransactionClaims("+" + digits, records, Connection::rollback);

        long contact = owner("PHONE", "+" + digits);
        assertThat(contact).isNotEqualTo(abandoned);
        assertThat(owner("WA_ID", digits)).isEqualTo(contact);
        assertThat(resolvedTexts(contact)).containsExactly("r1");
        assertThat(claims("claimed") - claimed).isEqualTo(2);
    }

    /**
     * Applies the batch while another transaction holds an uncommitted claim of the phone, and ends that
     * transaction once the batch waits for it. Answers the other transaction's contact id.
     */
    private long applyWhileAnotherTransactionClaims(String e164, List<ConsumerRecord<String, byte[]>> records,
            SqlAction end) throws Exception {
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            long contact = claimPhoneUncommitted(other, e164);
            var batch = CompletableFuture.runAsync(() -> batches.applyRecords(records));
            await().atMost(Duration.ofSeconds(20)).until(() -> backendsWaitingOnALock() > 0);
            end.on(other);
            batch.get(30, TimeUnit.SECONDS);
            return contact;
        }
    }

    private interface SqlAction {

        void on(Connection connection) throws java.sql.SQLException;
    }

    /** What the one-at-a-time resolver of another instance does first for a new person: row and phone, not committed. */
    private static long claimPhoneUncommitted(Connection connection, String e164) throws Exception {
        try (var statement = connection.createStatement();
                var id = statement.executeQuery("SELECT nextval('contact_id_seq')")) {
            id.next();
            long contact = id.getLong(1);
            statement.executeUpdate("INSERT INTO contact (id, business_id) VALUES (" + contact + ", '" + BUSINESS + "')");
            statement.executeUpdate("INSERT INTO contact_identity (business_id, kind, value, contact_id) VALUES ('"
                    + BUSINESS + "', 'PHONE', '" + e164 + "', " + contact + ")");
            return contact;
        }
    }

    private long backendsWaitingOnALock() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """).query(Long.class).single();
    }

    private static InboundMessageReceived message(CustomerIdentifiers from, String text) {
        return Inbound.from(BUSINESS, from, "Sari", text);
    }

    private double claims(String outcome) {
        var counter = meters.find("leadline.identity.new-contact-claims").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private long owner(String kind, String value) {
        return jdbc.sql("""
                SELECT coalesce(c.merged_into, c.id) FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE i.business_id = :business AND i.kind = :kind AND i.value = :value
                """)
                .param("business", BUSINESS).param("kind", kind).param("value", value)
                .query(Long.class).single();
    }

    private long contactRowsOf(long survivor) {
        return jdbc.sql("SELECT count(*) FROM contact WHERE id = :id OR merged_into = :id").param("id", survivor)
                .query(Long.class).single();
    }

    /** The contacts the person's identifiers point at, and every contact merged into them. */
    private long contactsEverOwning(String digits) {
        return jdbc.sql("""
                WITH owner AS (SELECT contact_id FROM contact_identity WHERE value IN (:digits, :phone))
                SELECT count(*) FROM contact
                WHERE id IN (SELECT contact_id FROM owner) OR merged_into IN (SELECT contact_id FROM owner)
                """)
                .param("digits", digits).param("phone", "+" + digits)
                .query(Long.class).single();
    }

    private <T extends LeadlineEvent> List<T> outbox(Class<T> type, String key) {
        return jdbc.sql("SELECT payload FROM outbox_event WHERE event_type = :type AND record_key = :key ORDER BY id")
                .param("type", EventTypes.nameOf(type))
                .param("key", key)
                .query((rs, n) -> codec.decode(rs.getBytes("payload"), type))
                .list();
    }

    private List<String> resolvedTexts(long contactId) {
        return outbox(InboundMessageResolved.class, "demo-id:contact:" + contactId).stream()
                .map(event -> event.message().text()).toList();
    }

    private long processed(List<String> eventIds) {
        return jdbc.sql("SELECT count(*) FROM processed_event WHERE consumer = 'identity.inbound' AND event_id IN (:ids)")
                .param("ids", eventIds).query(Long.class).single();
    }
}
