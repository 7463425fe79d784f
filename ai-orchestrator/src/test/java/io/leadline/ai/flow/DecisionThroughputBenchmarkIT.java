package io.leadline.ai.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Decisions per second with the rule-based model, through the real broker and database: a backlog of
 * MessageAccepted events is published while the listener is stopped, then the listener is started and the clock
 * runs until every decision is committed, and again until every ReplyIntended has left the outbox for Kafka.
 * Reports figures; asserts only that every message was decided.
 */
@Tag("benchmark")
@SpringBootTest(classes = AiOrchestratorApplication.class, properties = {"logging.level.root=warn", "leadline.platform.kafka.send-timeout=60s"})
@LeadlineIntegrationTest
class DecisionThroughputBenchmarkIT {

    private static final int CONVERSATIONS = 4_000;
    private static final int MESSAGES_PER_CONVERSATION = 5;
    private static final int ROUNDS = 4;

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void decisionsPerSecondWithTheRuleBasedModel() throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("ai-conversation");
        List<String> results = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            container.stop();
            long firstConversation = 10_000_000L * (round + 1);
            int total = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
            List<Outgoing> backlog = new ArrayList<>(total);
            for (int step = 0; step < MESSAGES_PER_CONVERSATION; step++) {
                for (int c = 0; c < CONVERSATIONS; c++) {
                    long conversation = firstConversation + c;
                    backlog.add(new Outgoing(UUID.randomUUID().toString(),
                            inbound(conversation, conversation * 10 + step, "answer " + step)));
                }
            }
            for (int from = 0; from < total; from += 1_000) {
                publisher.publishAll(backlog.subList(from, Math.min(total, from + 1_000)));
            }
            long decidedBefore = count("SELECT count(*) FROM decision");
            long publishedBefore = count("SELECT count(*) FROM outbox_event WHERE topic = '" + Topics.REPLY_INTENTS
                    + "' AND published_at IS NOT NULL");

            long started = System.nanoTime();
            container.start();
            awaitCount("SELECT count(*) FROM decision", decidedBefore + total);
            double decidedSeconds = (System.nanoTime() - started) / 1e9;
            awaitCount("SELECT count(*) FROM outbox_event WHERE topic = '" + Topics.REPLY_INTENTS
                    + "' AND published_at IS NOT NULL", publishedBefore + total);
            double publishedSeconds = (System.nanoTime() - started) / 1e9;

            results.add(String.format("round %d%s: %d decisions committed in %.2f s = %.0f decisions/s; all "
                            + "ReplyIntended on Kafka after %.2f s = %.0f/s", round + 1, round == 0 ? " (warm-up)" : "",
                    total, decidedSeconds, total / decidedSeconds, publishedSeconds, total / publishedSeconds));
        }
        System.out.println("\n=== ai-orchestrator decision throughput (rule-based model) ===");
        results.forEach(System.out::println);
        assertThat(count("SELECT count(*) FROM flow_state WHERE asked_count = " + MESSAGES_PER_CONVERSATION))
                .isEqualTo((long) CONVERSATIONS * ROUNDS);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void awaitCount(String sql, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (count(sql) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count(sql) + " of " + expected + " after 5 minutes: " + sql);
            }
            Thread.sleep(20);
        }
    }

    private static MessageAccepted inbound(long conversation, long message, String text) {
        Instant now = Instant.now();
        return new MessageAccepted("bench-business", conversation, message, conversation, Direction.INBOUND,
                Channel.META_CLOUD, "wamid.BENCH" + message, "text", text, now, now,
                new Recipient("+6281300000003", "6281300000003", null), null, Map.of());
    }
}
