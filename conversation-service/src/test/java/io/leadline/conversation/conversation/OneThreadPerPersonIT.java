package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.sent;
import static io.leadline.conversation.Fixtures.status;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.leadline.conversation.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class OneThreadPerPersonIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    Conversations conversations;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aRedeliveredWebhookMessageIsStoredOnceAndAcceptedOnce() {
        Person ayu = Person.withPhone("Ayu");
        String wamid = wamid();
        String sentinel = wamid();
        InboundMessageResolved message = inbound(ayu, wamid, "Halo", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TopicProbe accepted = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            String eventId = UUID.randomUUID().toString();
            // The same event redelivered, and the same provider message resolved a second time (a webhook retry).
            publisher.publishAll(List.of(new Outgoing(eventId, message), new Outgoing(eventId, message),
                    new Outgoing(UUID.randomUUID().toString(), message),
                    new Outgoing(UUID.randomUUID().toString(), inbound(ayu, sentinel, "after", Instant.now()))));

            accepted.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, WAIT);

            assertThat(messageRows(wamid)).isEqualTo(1);
            assertThat(accepted.seen()).filteredOn(record -> TopicProbe.value(record).contains(wamid)).hasSize(1);
        }
    }

    @Test
    void concurrentDeliveriesOfOneMessageGiveOneRowAndOneEvent() throws Exception {
        Person budi = Person.withPhone("Budi");
        String wamid = wamid();
        InboundMessageResolved message = inbound(budi, wamid, "Mau tanya harga", Instant.now());
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    conversations.acceptInbound(message);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(messageRows(wamid)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM conversation WHERE canonical_key = :key").param("key", budi.key())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM outbox_event
                WHERE event_type = 'leadline.conversation.MessageAccepted' AND convert_from(payload, 'UTF8') LIKE :wamid
                """).param("wamid", "%" + wamid + "%").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void inboundAReplyAndAMessageTypedOnThePhoneShareOneConversationInOrder() {
        Person citra = Person.withPhone("Citra");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String question = wamid();
        String reply = wamid();
        String typedOnPhone = wamid();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), inbound(citra, question, "Hi", t0))));
        long conversationId = await().atMost(WAIT).until(() -> conversationOf(question), id -> id != null);

        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                sent(citra, conversationId, reply, "What is your budget?", t0.plusMillis(1_500)))));
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                inbound(citra, typedOnPhone, "I'll call you", t0.plusSeconds(5), t0.plusSeconds(5), true))));

        await().atMost(WAIT).until(() -> threadOf(conversationId).size() == 3);
        assertThat(threadOf(conversationId)).containsExactly(question + " INBOUND", reply + " OUTBOUND",
                typedOnPhone + " OUTBOUND");
        assertThat(jdbc.sql("SELECT count(*) FROM conversation WHERE canonical_key = :key").param("key", citra.key())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void statusesMoveForwardOnlyAndAStatusThatArrivesFirstWaitsForItsMessage() {
        Person dewi = Person.withPhone("Dewi");
        Instant t0 = Instant.now();
        String hello = wamid();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), inbound(dewi, hello, "Hi", t0))));
        long conversationId = await().atMost(WAIT).until(() -> conversationOf(hello), id -> id != null);
        String reply = wamid();

        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                status(reply, DeliveryState.READ, t0.plusSeconds(3)))));
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                status(reply, DeliveryState.DELIVERED, t0.plusSeconds(2)))));
        await().atMost(WAIT).until(() -> parked(reply) == 2);
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                sent(dewi, conversationId, reply, "Budget?", t0.plusSeconds(1)))));

        await().atMost(WAIT).until(() -> "READ".equals(deliveryStatus(reply)));
        assertThat(parked(reply)).isZero();

        String sentinel = wamid();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                        status(reply, DeliveryState.SENT, t0.plusSeconds(1))),
                new Outgoing(UUID.randomUUID().toString(), status(reply, DeliveryState.FAILED, t0.plusSeconds(4))),
                new Outgoing(UUID.randomUUID().toString(), status(reply, DeliveryState.DELIVERED, t0.plusSeconds(2))),
                new Outgoing(UUID.randomUUID().toString(), status(sentinel, DeliveryState.SENT, t0))));
        await().atMost(WAIT).until(() -> parked(sentinel) == 1);
        assertThat(deliveryStatus(reply)).isEqualTo("READ");
    }

    @Test
    void aContactMergeMovesTheMessagesClosesTheOtherConversationAndShowsOneInTheInbox() {
        Person phone = Person.withPhone("Eka");
        Person lid = Person.lidOnly();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String fromLid = wamid();
        String fromPhone = wamid();
        publish(inbound(lid, fromLid, "hello from the linked device", t0));
        publish(inbound(phone, fromPhone, "hello from the phone", t0.plusSeconds(1)));
        long lidConversation = await().atMost(WAIT).until(() -> conversationOf(fromLid), id -> id != null);
        long phoneConversation = await().atMost(WAIT).until(() -> conversationOf(fromPhone), id -> id != null);

        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            String firstMerge = UUID.randomUUID().toString();
            String secondMerge = UUID.randomUUID().toString();
            // The same merge twice under different event ids (identity re-proving it): the second must change nothing.
            publisher.publishAll(List.of(new Outgoing(firstMerge, Fixtures.merged(phone, lid)),
                    new Outgoing(secondMerge, Fixtures.merged(phone, lid))));
            // Keyed like the merges (the survivor's key), so its event is published only after both were applied.
            String sentinel = wamid();
            publish(inbound(phone, sentinel, "sentinel", t0.plusSeconds(1)));
            published.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, WAIT);
            assertThat(jdbc.sql("""
                    SELECT count(*) FROM processed_event
                    WHERE consumer = 'conversation.identity' AND event_id IN (:first, :second)
                    """).param("first", firstMerge).param("second", secondMerge).query(Long.class).single())
                    .as("both merges were handled, not skipped").isEqualTo(2);
            String late = wamid();
            // A message resolved under the old key before identity learnt of the merge still joins the one thread.
            publish(inbound(lid, late, "still there?", t0.plusSeconds(2)));
            await().atMost(WAIT).until(() -> conversationOf(late), id -> id != null);

            assertThat(conversationOf(fromLid)).isEqualTo(phoneConversation);
            assertThat(conversationOf(late)).isEqualTo(phoneConversation);
            assertThat(jdbc.sql("SELECT status || ' ' || merged_into_id FROM conversation WHERE id = :id")
                    .param("id", lidConversation).query(String.class).single())
                    .isEqualTo("CLOSED " + phoneConversation);
            var inbox = api.get("/api/conversations?limit=200").json();
            List<Long> ids = new ArrayList<>();
            inbox.forEach(row -> ids.add(row.path("id").asLong()));
            assertThat(ids).contains(phoneConversation).doesNotContain(lidConversation);
            assertThat(published.seen()).filteredOn(record -> "leadline.conversation.ConversationsMerged".equals(
                    TopicProbe.header(record, "ce_type"))).hasSize(1);
        }
    }

    @Test
    void aSendWithAnUnknownOutcomeShowsInTheThreadAndItsLateConfirmationKeepsOneRow() {
        Person fajar = Person.withPhone("Fajar");
        Instant t0 = Instant.now();
        String hello = wamid();
        publish(inbound(fajar, hello, "Hi", t0));
        long conversationId = await().atMost(WAIT).until(() -> conversationOf(hello), id -> id != null);
        long outboundId = Fixtures.nextId();

        publish(new OutboundOutcomeUnknown(Fixtures.BUSINESS, conversationId, outboundId, "dedupe-" + outboundId,
                "timeout after the request left", t0.plusSeconds(1)));
        await().atMost(WAIT).until(() -> "UNKNOWN".equals(statusOfSend(outboundId)));
        String confirmed = wamid();
        var sent = Fixtures.sent(fajar, conversationId, confirmed, "Budget?", t0.plusSeconds(2));
        publish(new OutboundSent(sent.businessId(), conversationId, outboundId, sent.dedupeKey(), sent.replyType(),
                sent.questionKey(), sent.text(), sent.recipient(), confirmed, sent.sentAt()));

        await().atMost(WAIT).until(() -> "SENT".equals(statusOfSend(outboundId)));
        assertThat(jdbc.sql("SELECT count(*) FROM message WHERE outbound_id = :id").param("id", outboundId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(conversationOf(confirmed)).isEqualTo(conversationId);
    }

    @Test
    void aGatewayMessageIsAcceptedWithTheInstanceItCameThroughSoTheReplyGoesBackThroughIt() {
        Person lidOnly = Person.lidOnly();
        String hello = wamid();
        try (TopicProbe accepted = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            publish(Fixtures.throughGateway(lidOnly, "evo-jakarta", hello, "Halo kak", Instant.now()));

            accepted.awaitCount(record -> TopicProbe.value(record).contains(hello), 1, WAIT);
            assertThat(accepted.seen()).filteredOn(record -> TopicProbe.value(record).contains(hello)).singleElement()
                    .satisfies(record -> assertThat(TopicProbe.value(record))
                            .contains("\"channel\":\"GATEWAY\"", "\"gatewayInstance\":\"evo-jakarta\""));
        }
    }

    @Test
    void aSendThroughAGatewayAndTheGatewaysEchoOfItAreOneMessageWhicheverArrivesFirst() {
        Person lidOnly = Person.lidOnly();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String hello = wamid();
        publish(Fixtures.throughGateway(lidOnly, "evo-jakarta", hello, "Halo kak", t0));
        long conversationId = await().atMost(WAIT).until(() -> conversationOf(hello), id -> id != null);
        String sentFirst = "3EB0" + wamid();
        String echoedFirst = "3EB0" + wamid();

        List<String> events = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        publisher.publishAll(List.of(new Outgoing(events.get(0),
                Fixtures.sentThroughGateway(lidOnly, conversationId, sentFirst, "Di kota mana?", t0.plusSeconds(1)))));
        await().atMost(WAIT).until(() -> messageRows(sentFirst) == 1);
        publisher.publishAll(List.of(new Outgoing(events.get(1),
                inbound(lidOnly, sentFirst, "Di kota mana?", t0.plusSeconds(1), t0.plusSeconds(2), true))));
        publisher.publishAll(List.of(new Outgoing(events.get(2),
                inbound(lidOnly, echoedFirst, "Budget?", t0.plusSeconds(3), t0.plusSeconds(3), true))));
        await().atMost(WAIT).until(() -> messageRows(echoedFirst) == 1);
        publisher.publishAll(List.of(new Outgoing(events.get(3),
                Fixtures.sentThroughGateway(lidOnly, conversationId, echoedFirst, "Budget?", t0.plusSeconds(4)))));

        await().atMost(WAIT).until(() -> jdbc.sql("""
                SELECT count(*) FROM processed_event WHERE event_id IN (:events)
                """).param("events", events).query(Long.class).single() == events.size());
        assertThat(messageRows(sentFirst)).isEqualTo(1);
        assertThat(messageRows(echoedFirst)).isEqualTo(1);
        assertThat(threadOf(conversationId)).containsExactly(hello + " INBOUND", sentFirst + " OUTBOUND",
                echoedFirst + " OUTBOUND");
    }

    private String statusOfSend(long outboundId) {
        return jdbc.sql("SELECT delivery_status FROM message WHERE outbound_id = :id").param("id", outboundId)
                .query(String.class).optional().orElse(null);
    }

    private void publish(io.leadline.contracts.LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }

    private long messageRows(String wamid) {
        return jdbc.sql("SELECT count(*) FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).single();
    }

    private Long conversationOf(String wamid) {
        return jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).optional().orElse(null);
    }

    private List<String> threadOf(long conversationId) {
        return jdbc.sql("""
                SELECT provider_message_id || ' ' || direction FROM message WHERE conversation_id = :id
                ORDER BY date_trunc('second', sent_at), received_at, id
                """).param("id", conversationId).query(String.class).list();
    }

    private String deliveryStatus(String wamid) {
        return jdbc.sql("SELECT delivery_status FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(String.class).optional().orElse(null);
    }

    private long parked(String wamid) {
        return jdbc.sql("SELECT count(*) FROM parked_status WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).single();
    }

}
