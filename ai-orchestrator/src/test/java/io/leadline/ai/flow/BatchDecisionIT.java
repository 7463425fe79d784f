package io.leadline.ai.flow;

import static io.leadline.ai.flow.Conversations.BUSINESS;
import static io.leadline.ai.flow.Conversations.inbound;
import static io.leadline.ai.flow.Conversations.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A poll batch decided together keeps every rule of one message at a time. */
@SpringBootTest(classes = AiOrchestratorApplication.class)
@LeadlineIntegrationTest
class BatchDecisionIT {

    @Autowired
    BatchDecider batch;

    @Autowired
    ReplyDecider decider;

    @Autowired
    FlowStore flows;

    @Autowired
    JdbcClient jdbc;

    @Test
    void messagesOfOneConversationInOneBatchAreDecidedInOrderAndNeverAskTheSameQuestionTwice() {
        long conversation = newId();
        long other = newId();

        batch.decideAll(List.of(envelope(inbound(conversation, "Hi")), envelope(inbound(other, "Hello")),
                envelope(inbound(conversation, "ok")), envelope(inbound(conversation, "sure"))));

        List<String> asked = jdbc.sql("""
                SELECT question_key FROM decision WHERE conversation_id = :c AND reply_type = 'QUESTION' ORDER BY id
                """).param("c", conversation).query(String.class).list();
        assertThat(asked).hasSize(3).doesNotHaveDuplicates();
        FlowState state = flows.find(BUSINESS, conversation);
        assertThat(state.askedKeys()).containsExactlyElementsOf(asked);
        assertThat(state.version()).as("the version counts state changes, batched or not").isEqualTo(3);
        assertThat(flows.find(BUSINESS, other).askedCount()).isEqualTo(1);
    }

    @Test
    void aBatchHoldingAMessageDecidedBeforeFailsWholeSoThePlatformAppliesItOneMessageAtATime() {
        long conversation = newId();
        MessageAccepted first = inbound(conversation, "Hi");
        decider.decide(first, null);
        MessageAccepted second = inbound(newId(), "Hello");

        assertThatThrownBy(() -> batch.decideAll(List.of(envelope(first), envelope(second))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("decided before");

        assertThat(jdbc.sql("SELECT count(*) FROM decision WHERE inbound_message_id = :m")
                .param("m", second.messageId()).query(Integer.class).single())
                .as("nothing of the failed batch is kept").isZero();
        assertThat(flows.find(BUSINESS, conversation).version()).isEqualTo(1);
    }

    @Test
    void aBatchOfKnownAndNewConversationsStoresEveryStateWithItsQuestionsInOrder() {
        long known = newId();
        decider.decide(inbound(known, "Hi"), null);
        long fresh = newId();

        batch.decideAll(List.of(envelope(inbound(known, "ok")), envelope(inbound(fresh, "Hello")),
                envelope(inbound(known, "sure"))));

        FlowState knownState = flows.find(BUSINESS, known);
        assertThat(knownState.askedKeys()).hasSize(3).doesNotHaveDuplicates()
                .containsExactlyElementsOf(askedIn(known));
        assertThat(knownState.version()).isEqualTo(3);
        assertThat(flows.find(BUSINESS, fresh).askedKeys()).hasSize(1).containsExactlyElementsOf(askedIn(fresh));
        assertThat(flows.find(BUSINESS, fresh).version()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseConversationMovedSinceItWasReadStoresNothing() {
        long known = newId();
        decider.decide(inbound(known, "Hi"), null);
        FlowState read = flows.find(BUSINESS, known);
        decider.decide(inbound(known, "ok"), null); // another writer moves the row past what the batch read
        long fresh = newId();
        FlowState freshRead = flows.find(BUSINESS, fresh);
        decider.decide(inbound(fresh, "Hello"), null); // and creates the row the batch thought was new

        assertThatThrownBy(() -> flows.saveAll(List.of(new FlowStore.Change(read.handingOver(), 1))))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThatThrownBy(() -> flows.saveAll(List.of(new FlowStore.Change(freshRead.handingOver(), 1))))
                .isInstanceOf(OptimisticLockingFailureException.class);

        assertThat(flows.find(BUSINESS, known).version()).isEqualTo(2);
        assertThat(flows.find(BUSINESS, known).handedOver()).isFalse();
        assertThat(flows.find(BUSINESS, fresh).handedOver()).isFalse();
    }

    private List<String> askedIn(long conversation) {
        return jdbc.sql("""
                SELECT question_key FROM decision WHERE conversation_id = :c AND reply_type = 'QUESTION' ORDER BY id
                """).param("c", conversation).query(String.class).list();
    }

    private static EventEnvelope<MessageAccepted> envelope(MessageAccepted message) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "MessageAccepted", "test", Instant.now(), null,
                Topics.CONVERSATION, 0, 0, Long.toString(message.conversationId()), message);
    }
}
