package io.leadline.ai.flow;

import static io.leadline.ai.flow.Conversations.BUSINESS;
import static io.leadline.ai.flow.Conversations.inbound;
import static io.leadline.ai.flow.Conversations.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Two deliveries racing in real transactions on real threads. */
@SpringBootTest(classes = AiOrchestratorApplication.class)
@LeadlineIntegrationTest
class ConcurrentDecisionIT {

    @Autowired
    ReplyDecider decider;

    @Autowired
    FlowStore flows;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void oneMessageDecidedTwiceAtTheSameTimeIsStoredOnceAndBothPublishTheSameReply() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10; round++) {
                long conversation = newId();
                MessageAccepted message = inbound(conversation, "Hi");
                CyclicBarrier start = new CyclicBarrier(2);
                List<CompletableFuture<Void>> racers = List.of(
                        CompletableFuture.runAsync(() -> race(start, message), threads),
                        CompletableFuture.runAsync(() -> race(start, message), threads));
                CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

                assertThat(jdbc.sql("SELECT count(*) FROM decision WHERE inbound_message_id = :m")
                        .param("m", message.messageId()).query(Integer.class).single()).isEqualTo(1);
                assertThat(flows.find(BUSINESS, conversation).askedCount()).isEqualTo(1);
                assertThat(flows.find(BUSINESS, conversation).version()).isEqualTo(1);
                List<byte[]> published = jdbc.sql("""
                        SELECT payload FROM outbox_event WHERE topic = :topic AND record_key = :key
                        """).param("topic", Topics.REPLY_INTENTS).param("key", Long.toString(conversation))
                        .query(byte[].class).list();
                assertThat(published).hasSize(2);
                assertThat(published.get(0)).isEqualTo(published.get(1));
            }
        }
    }

    @Test
    void twoMessagesOfOneConversationDecidedAtOnceNeverAskTheSameQuestionTwice() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10; round++) {
                long conversation = newId();
                List<MessageAccepted> messages = List.of(inbound(conversation, "Hi"), inbound(conversation, "Hello?"));
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture.allOf(messages.stream()
                        .map(message -> CompletableFuture.runAsync(() -> raceRetrying(start, message), threads))
                        .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

                List<String> asked = jdbc.sql("SELECT question_key FROM decision WHERE conversation_id = :c ORDER BY id")
                        .param("c", conversation).query(String.class).list();
                assertThat(asked).as("the optimistic lock made the later decision see the earlier one")
                        .containsExactly("service", "location");
                FlowState state = flows.find(BUSINESS, conversation);
                assertThat(state.askedKeys()).containsExactly("service", "location");
                assertThat(state.version()).isEqualTo(2);
            }
        }
    }

    @Test
    void aStateWrittenFromAStaleVersionIsRefusedAndTheWinnerKept() throws Exception {
        long conversation = newId();
        transactions.executeWithoutResult(tx -> flows.save(FlowState.initial(BUSINESS, conversation).asking("service")));
        CountDownLatch bothRead = new CountDownLatch(2);
        CountDownLatch winnerCommitted = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);

        CompletableFuture<Void> winner = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            FlowState read = flows.find(BUSINESS, conversation);
            bothRead.countDown();
            await(bothRead);
            flows.save(read.asking("location"));
        }), threads).thenRun(winnerCommitted::countDown);
        CompletableFuture<Void> loser = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            FlowState read = flows.find(BUSINESS, conversation);
            bothRead.countDown();
            await(winnerCommitted);
            flows.save(read.asking("timing"));
        }), threads);

        winner.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> loser.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(OptimisticLockingFailureException.class);
        threads.shutdown();
        FlowState stored = flows.find(BUSINESS, conversation);
        assertThat(stored.askedKeys()).containsExactly("service", "location");
        assertThat(stored.version()).isEqualTo(2);
    }

    @Test
    void theDatabaseRefusesAnAskedCountThatDoesNotMatchTheAskedKeys() {
        long conversation = newId();
        FlowState inconsistent = new FlowState(BUSINESS, conversation, List.of("service"), "service", 2, Map.of(),
                false, false, null, 0);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> flows.save(inconsistent)))
                .hasMessageContaining("flow_state_check");
    }

    private void race(CyclicBarrier start, MessageAccepted message) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        decider.decide(message, null);
    }

    /** Decides like the listener container would: a lost race rolls back and the event is applied again. */
    private void raceRetrying(CyclicBarrier start, MessageAccepted message) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        while (true) {
            try {
                decider.decide(message, null);
                return;
            } catch (TransientDataAccessException lostTheRace) {
                // The winner committed first: read its state and decide again.
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
