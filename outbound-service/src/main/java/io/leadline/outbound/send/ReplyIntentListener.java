package io.leadline.outbound.send;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class ReplyIntentListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    ReplyIntentListener(IdempotentConsumer consumer, OutboundLog outboundLog) {
        this.consumer = consumer;
        this.handlers = EventHandlers.create().on(ReplyIntended.class, outboundLog::accept);
    }

    @KafkaListener(id = "outbound-intents", idIsGroup = false, topics = Topics.REPLY_INTENTS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("outbound.intents", records, handlers);
    }
}
