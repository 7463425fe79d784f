package io.leadline.ai.flow;

import io.leadline.contracts.Topics;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class ConversationEventsListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    ConversationEventsListener(IdempotentConsumer consumer, ReplyDecider decider) {
        this.consumer = consumer;
        this.handlers = EventHandlers.create().on(MessageAccepted.class, decider::decide);
    }

    @KafkaListener(id = "ai-conversation", idIsGroup = false, topics = Topics.CONVERSATION)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("ai.conversation", records, handlers);
    }
}
