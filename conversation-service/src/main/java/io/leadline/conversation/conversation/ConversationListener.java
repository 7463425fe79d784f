package io.leadline.conversation.conversation;

import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class ConversationListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers identityEvents;
    private final EventHandlers outboundEvents;

    ConversationListener(IdempotentConsumer consumer, Conversations conversations) {
        this.consumer = consumer;
        this.identityEvents = EventHandlers.create().on(InboundMessageResolved.class, conversations::acceptInbound);
        this.outboundEvents = EventHandlers.create().on(OutboundSent.class, conversations::acceptOutbound);
    }

    @KafkaListener(id = "conversation-identity", idIsGroup = false, topics = Topics.IDENTITY)
    void onIdentity(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("conversation.identity", records, identityEvents);
    }

    @KafkaListener(id = "conversation-outbound", idIsGroup = false, topics = Topics.OUTBOUND)
    void onOutbound(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("conversation.outbound", records, outboundEvents);
    }
}
