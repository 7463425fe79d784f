package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.jid;
import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.phone;
import static io.leadline.identity.contact.Inbound.waId;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.identity.IdentityApplication;
import io.leadline.platform.consumer.IdempotentConsumer;
import io.leadline.platform.event.EventCodec;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 20 first messages of one new person, in 5 identifier forms, applied at once on real threads in poll batches of
 * two, each batch in its own transaction through the platform's idempotent consumer and the listener's batch
 * handler, against real PostgreSQL; alone, and after a LID or a phone arrived first.
 */
@SpringBootTest(classes = IdentityApplication.class)
@LeadlineIntegrationTest
class ConcurrentFirstMessagesIT {

    private static final int MESSAGES = 20;

    @Autowired
    IdempotentConsumer consumer;

    @Autowired
    BatchResolver batches;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    private final AtomicInteger retries = new AtomicInteger();

    @RepeatedTest(3)
    void twentyConcurrentFirstMessagesWithThePhoneInEveryFormCreateExactlyOneContact() throws Exception {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        List<CustomerIdentifiers> forms = List.of(waId(digits), phone("+62 " + digits.substring(2)),
                phone("0" + digits.substring(2)), jid(digits + ":12@s.whatsapp.net"),
                jidAndLid(digits + "@c.us", lid + "@lid"));

        double claimsBefore = newContactClaims();
        applyConcurrently(forms);

        // Only here is every message a first message: after a first arrival, whether a form is still new when its
        // batch runs depends on which batch commits first.
        assertThat(newContactClaims()).as("new people were claimed by the batch path, won or lost")
                .isGreaterThan(claimsBefore);
        assertThat(contactsEverCreatedFor(digits, lid)).as("contact rows, merged ones included").isEqualTo(1);
        assertThat(liveContactsOwning(digits, lid)).isEqualTo(1);
        assertThat(resolvedKeys(digits, lid)).as("one conversation key for all 20").hasSize(1);
    }

    @RepeatedTest(3)
    void aLidArrivingFirstThenTwentyConcurrentMessagesInEveryFormEndAsExactlyOneLiveContact() throws Exception {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        CustomerIdentifiers lidOnly = jid(lid + "@lid");
        List<CustomerIdentifiers> forms = List.of(lidOnly, jidAndLid(digits + "@s.whatsapp.net", lid),
                new CustomerIdentifiers(null, null, null, lid + ":3@lid", null, null, null, null),
                waId(digits), phone("0" + digits.substring(2)));

        applyAlone(lidOnly);
        applyConcurrently(forms);

        assertThat(liveContactsOwning(digits, lid)).isEqualTo(1);
        long created = contactsEverCreatedFor(digits, lid);
        assertThat(merges(digits, lid)).as("every extra contact a race created was merged, with its audit")
                .isEqualTo(created - 1);
        long survivor = survivorOf(digits);
        assertThat(survivorOfLid(lid)).isEqualTo(survivor);
        assertThat(survivor).as("the oldest contact, the LID's, survives").isEqualTo(oldestContact(digits, lid));
        assertThat(resolvedKeys(digits, lid)).as("after the merge every message resolves to the survivor's key")
                .contains("demo-id:contact:" + survivor);
    }

    @RepeatedTest(3)
    void aPhoneArrivingFirstThenTwentyConcurrentMessagesInEveryFormEndAsExactlyOneContact() throws Exception {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        CustomerIdentifiers phoneOnly = waId(digits);
        List<CustomerIdentifiers> forms = List.of(jidAndLid(digits + "@s.whatsapp.net", lid), jid(lid + "@lid"),
                phone("+62 " + digits.substring(2)), phoneOnly, jid(digits + ":7@s.whatsapp.net"));

        applyAlone(phoneOnly);
        long first = survivorOf(digits);
        applyConcurrently(forms);

        assertThat(liveContactsOwning(digits, lid)).isEqualTo(1);
        assertThat(survivorOf(digits)).as("the phone's contact, first to exist, is the one").isEqualTo(first);
        assertThat(survivorOfLid(lid)).isEqualTo(first);
    }

    private void applyAlone(CustomerIdentifiers form) {
        batches().apply(List.of(Inbound.from("demo-id", form, "Ayu")));
    }

    /** Twenty messages in poll batches of two, applied at once on ten real threads through the listener's path. */
    private void applyConcurrently(List<CustomerIdentifiers> forms) throws Exception {
        var batches = batches();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(MESSAGES / 2)) {
            for (int i = 0; i < MESSAGES; i += 2) {
                var batch = List.of(batches.record(Inbound.from("demo-id", forms.get(i % forms.size()), "Ayu")),
                        batches.record(Inbound.from("demo-id", forms.get((i + 1) % forms.size()), "Ayu")));
                done.add(threads.submit(() -> {
                    start.await();
                    // What the listener container does with a batch that failed as a whole: retry it.
                    while (true) {
                        try {
                            batches.applyRecords(batch);
                            return null;
                        } catch (TransientDataAccessException deadlock) {
                            retries.incrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        System.out.printf("%d messages applied; batches retried after a deadlock so far: %d%n", MESSAGES,
                retries.get());
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE topic = :topic")
                .param("topic", Topics.deadLetter(Topics.INBOUND)).query(Long.class).single())
                .as("nothing dead-lettered").isZero();
    }

    private PollBatches batches() {
        return new PollBatches(consumer, batches, codec);
    }

    /** New people the batch path claimed together, whether they won the claim or lost it to a concurrent one. */
    private double newContactClaims() {
        return meters.find("leadline.identity.new-contact-claims").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /** The live owners of the person's identifiers, and every contact merged into them. */
    private long contactsEverCreatedFor(String digits, String lid) {
        return jdbc.sql("""
                WITH owner AS (SELECT contact_id FROM contact_identity WHERE value IN (:phone, :lid, :digits))
                SELECT count(*) FROM contact
                WHERE id IN (SELECT contact_id FROM owner) OR merged_into IN (SELECT contact_id FROM owner)
                """)
                .param("phone", "+" + digits).param("lid", lid).param("digits", digits)
                .query(Long.class).single();
    }

    private long liveContactsOwning(String digits, String lid) {
        return jdbc.sql("""
                SELECT count(DISTINCT c.id) FROM contact_identity i JOIN contact c ON c.id = i.contact_id
                WHERE i.value IN (:phone, :lid, :digits) AND c.merged_into IS NULL
                """)
                .param("phone", "+" + digits).param("lid", lid).param("digits", digits)
                .query(Long.class).single();
    }

    private List<String> resolvedKeys(String digits, String lid) {
        return jdbc.sql("""
                SELECT DISTINCT record_key FROM outbox_event
                WHERE event_type = :type AND (convert_from(payload, 'UTF8') LIKE :phone OR convert_from(payload, 'UTF8') LIKE :lid)
                """)
                .param("type", EventTypes.nameOf(io.leadline.contracts.identity.InboundMessageResolved.class))
                .param("phone", "%" + digits + "%").param("lid", "%" + lid + "%")
                .query(String.class).list();
    }

    private long merges(String digits, String lid) {
        return jdbc.sql("""
                SELECT count(*) FROM contact_merge WHERE survivor_id IN (
                    SELECT contact_id FROM contact_identity WHERE value IN (:phone, :lid, :digits))
                """)
                .param("phone", "+" + digits).param("lid", lid).param("digits", digits)
                .query(Long.class).single();
    }

    private long survivorOf(String digits) {
        return jdbc.sql("SELECT contact_id FROM contact_identity WHERE kind = 'PHONE' AND value = :phone")
                .param("phone", "+" + digits).query(Long.class).single();
    }

    private long survivorOfLid(String lid) {
        return jdbc.sql("SELECT contact_id FROM contact_identity WHERE kind = 'LID' AND value = :lid")
                .param("lid", lid).query(Long.class).single();
    }

    private long oldestContact(String digits, String lid) {
        long survivor = survivorOf(digits);
        return jdbc.sql("""
                SELECT min(id) FROM contact WHERE id = :survivor OR merged_into = :survivor
                """).param("survivor", survivor).query(Long.class).single();
    }
}
