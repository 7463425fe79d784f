package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.platform.trace.Traces;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Invariant 4, first half: at most one WhatsApp send per dedupe key, however the same intent arrives. */
@SpringBootTest(classes = OutboundApplication.class)
@LeadlineIntegrationTest
class OneSendPerDedupeKeyIT {

    private static final WhatsAppSimulator simulator = Simulator.start();

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSameIntentDeliveredFiveTimesConcurrentlyOverKafkaIsSentOnceAndCountedFourTimesAsACollision()
            throws Exception {
        long conversation = Fixtures.nextId();
        String waId = Fixtures.waId();
        ReplyIntended same = intent(conversation, waId, "service_type", Fixtures.nextId());

        // Five deliveries with five event ids: the consumer's event-id dedupe cannot help, only the dedupe key can.
        runConcurrently(5, () -> {
            publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), same)));
            return null;
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> collisions(conversation) == 4
                && "SENT".equals(Fixtures.status(jdbc, conversation)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sendsTo(waId).size() == 1);
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_message WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single()).isEqualTo(1);
        assertThat(simulator.sendsTo(waId).getFirst().callbackData())
                .isEqualTo(Fixtures.rowOfConversation(jdbc, conversation).get("id").toString());
    }

    @Test
    void fiveThreadsAcceptingTheSameIntentInRealTransactionsCreateOneRowAndOneSend() throws Exception {
        long conversation = Fixtures.nextId();
        String waId = Fixtures.waId();
        ReplyIntended same = intent(conversation, waId, "location", Fixtures.nextId());
        CyclicBarrier start = new CyclicBarrier(5);

        List<OutboundLog.Accepted> accepted = runConcurrently(5, () -> {
            start.await();
            return outboundLog.accept(same);
        });

        assertThat(accepted).filteredOn(OutboundLog.Accepted::created).hasSize(1);
        assertThat(accepted).extracting(OutboundLog.Accepted::outboundId).containsOnly(accepted.getFirst().outboundId());
        assertThat(collisions(conversation)).isEqualTo(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(Fixtures.status(jdbc, conversation)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sendsTo(waId).size() == 1);
    }

    @Test
    void anotherQuestionToTheSameInboundMessageIsAnotherSend() {
        long conversation = Fixtures.nextId();
        String waId = Fixtures.waId();
        long inbound = Fixtures.nextId();

        outboundLog.accept(intent(conversation, waId, "service_type", inbound));
        outboundLog.accept(intent(conversation, waId, "budget", inbound));

        assertThat(collisions(conversation)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_message WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aPollBatchHoldingTheSameIntentTwiceMakesOneRowAndOneCollisionAndKeepsTheBatchOrder() {
        long conversation = Fixtures.nextId();
        String waId = Fixtures.waId();
        long inbound = Fixtures.nextId();
        ReplyIntended service = intent(conversation, waId, "service_type", inbound);
        ReplyIntended budget = intent(conversation, waId, "budget", inbound);
        ReplyIntended city = intent(conversation, waId, "city", inbound);

        List<OutboundLog.Accepted> accepted = outboundLog.acceptAll(
                Stream.of(service, budget, service, city).map(OneSendPerDedupeKeyIT::envelope).toList());

        assertThat(accepted).extracting(OutboundLog.Accepted::created).containsExactly(true, true, false, true);
        assertThat(accepted.get(2).outboundId()).isEqualTo(accepted.get(0).outboundId());
        assertThat(accepted.get(0).outboundId()).isLessThan(accepted.get(1).outboundId());
        assertThat(accepted.get(1).outboundId()).isLessThan(accepted.get(3).outboundId());
        assertThat(collisions(conversation)).isOne();
        assertThat(jdbc.sql("SELECT question_key FROM outbound_message WHERE conversation_id = :c ORDER BY id")
                .param("c", conversation).query(String.class).list()).containsExactly("service_type", "budget", "city");
        assertThat(jdbc.sql("SELECT count(DISTINCT traceparent) FROM outbound_message WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single()).as("each row its own span").isEqualTo(3);
    }

    private static EventEnvelope<ReplyIntended> envelope(ReplyIntended intent) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "leadline.ai.ReplyIntended", "/test", Instant.now(),
                Traces.newTraceparent(), "leadline.reply-intents.v1", 0, 0, Long.toString(intent.conversationId()),
                intent);
    }

    private long collisions(long conversation) {
        return jdbc.sql("SELECT count(*) FROM dedupe_collision WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single();
    }

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
