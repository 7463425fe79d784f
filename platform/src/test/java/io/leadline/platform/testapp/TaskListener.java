package io.leadline.platform.testapp;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class TaskListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers handlers;

    TaskListener(IdempotentConsumer consumer, TaskRecorder recorder) {
        this.consumer = consumer;
        this.handlers = EventHandlers.create().on(OpsTaskRaised.class, recorder::record);
    }

    @KafkaListener(id = "platform-test-tasks", idIsGroup = false, topics = Topics.OPS_TASKS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("platform-test.tasks", records, handlers);
    }
}
