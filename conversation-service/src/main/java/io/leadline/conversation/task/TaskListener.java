package io.leadline.conversation.task;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Ops-task events and every service's dead letters, into the work queue. */
@Component
class TaskListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers taskEvents;
    private final DeadLetterTasks deadLetters;

    TaskListener(IdempotentConsumer consumer, Tasks tasks, DeadLetterTasks deadLetters) {
        consumer.registerMeters("conversation.ops-tasks");
        this.consumer = consumer;
        this.taskEvents = EventHandlers.create().on(OpsTaskRaised.class, tasks::raise);
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "conversation-ops-tasks", idIsGroup = false, topics = Topics.OPS_TASKS)
    void onTask(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("conversation.ops-tasks", records, taskEvents);
    }

    /** Dead letters carry another event's type, so they bypass the event handlers: their position is their id. */
    @KafkaListener(id = "conversation-dead-letters", idIsGroup = false,
            topicPattern = "leadline\\..*\\" + Topics.DEAD_LETTER_SUFFIX)
    void onDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
        deadLetters.record(records);
    }
}
