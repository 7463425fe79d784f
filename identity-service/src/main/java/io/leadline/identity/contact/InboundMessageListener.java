package io.leadline.identity.contact;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class InboundMessageListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    InboundMessageListener(IdempotentConsumer consumer, BatchResolver resolver) {
        consumer.registerMeters("identity.inbound");
        this.consumer = consumer;
        this.handlers = EventHandlers.create().onBatch(InboundMessageReceived.class, resolver::resolveAll);
    }

    @KafkaListener(id = "identity-inbound", idIsGroup = false, topics = Topics.INBOUND)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("identity.inbound", records, handlers);
    }
}
