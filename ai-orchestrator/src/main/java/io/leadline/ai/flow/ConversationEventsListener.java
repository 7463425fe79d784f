package io.leadline.ai.flow;

import io.leadline.ai.model.Advice;
import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * With the rule-based model a whole poll batch is decided in one transaction. With a remote model each record
 * gets its own transaction, after the model's call: the network stays outside every transaction.
 */
@Component
class ConversationEventsListener {

    static final String CONSUMER = "ai.conversation";

    private final IdempotentConsumer consumer;
    private final ReplyDecider decider;
    private final RemoteAdvisor advisor;
    private final EventHandlers rules;

    ConversationEventsListener(IdempotentConsumer consumer, ReplyDecider decider, BatchDecider batch,
            RemoteAdvisor advisor) {
        consumer.registerMeters(CONSUMER);
        this.consumer = consumer;
        this.decider = decider;
        this.advisor = advisor;
        // With the rules alone nothing is asked before the transaction: a poll batch is decided together.
        this.rules = EventHandlers.create()
                .onBatch(MessageAccepted.class, batch::decideAll)
                .on(AssignmentChanged.class, decider::assignmentChanged);
    }

    @KafkaListener(id = "ai-conversation", idIsGroup = false, topics = Topics.CONVERSATION)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        if (!advisor.remote()) {
            consumer.process(CONSUMER, records, rules);
            return;
        }
        advisor.forEachInKeyOrder(records, record ->
                consumer.process(CONSUMER, List.of(record), handlers(advisor.advise(record))));
    }

    private EventHandlers handlers(Advice advice) {
        return EventHandlers.create()
                .on(MessageAccepted.class, message -> decider.decide(message, advice))
                .on(AssignmentChanged.class, decider::assignmentChanged);
    }
}
