package io.leadline.outbound.send;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin listeners: reply intents become outbound rows, statuses reconcile them, messages keep the window. */
@Component
class ReplyIntentListener {

    private final IdempotentConsumer consumer;
    private final EventHandlers intents;
    private final EventHandlers statuses;
    private final EventHandlers conversations;

    ReplyIntentListener(IdempotentConsumer consumer, OutboundLog outboundLog, StatusReconciler reconciler) {
        this.consumer = consumer;
        this.intents = EventHandlers.create().on(ReplyIntended.class, intent -> outboundLog.accept(intent));
        this.statuses = EventHandlers.create().on(DeliveryStatusReported.class, reconciler::apply);
        this.conversations = EventHandlers.create().on(MessageAccepted.class, outboundLog::trackWindow);
    }

    @KafkaListener(id = "outbound-intents", idIsGroup = false, topics = Topics.REPLY_INTENTS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("outbound.intents", records, intents);
    }

    @KafkaListener(id = "outbound-statuses", idIsGroup = false, topics = Topics.STATUS)
    void onStatus(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("outbound.statuses", records, statuses);
    }

    @KafkaListener(id = "outbound-conversations", idIsGroup = false, topics = Topics.CONVERSATION)
    void onConversation(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("outbound.conversations", records, conversations);
    }
}
