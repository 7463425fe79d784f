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

    private static final String INTENTS = "outbound.intents";
    private static final String STATUSES = "outbound.statuses";
    private static final String CONVERSATIONS = "outbound.conversations";

    private final IdempotentConsumer consumer;
    private final EventHandlers intents;
    private final EventHandlers statuses;
    private final EventHandlers conversations;

    ReplyIntentListener(IdempotentConsumer consumer, OutboundLog outboundLog, ConversationWindows windows,
            StatusReconciler reconciler) {
        this.consumer = consumer;
        List.of(INTENTS, STATUSES, CONVERSATIONS).forEach(consumer::registerMeters);
        this.intents = EventHandlers.create().onBatch(ReplyIntended.class, outboundLog::acceptAll);
        this.statuses = EventHandlers.create().onBatch(DeliveryStatusReported.class, reconciler::applyAll);
        this.conversations = EventHandlers.create().onBatch(MessageAccepted.class, windows::trackAccepted);
    }

    @KafkaListener(id = "outbound-intents", idIsGroup = false, topics = Topics.REPLY_INTENTS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(INTENTS, records, intents);
    }

    @KafkaListener(id = "outbound-statuses", idIsGroup = false, topics = Topics.STATUS)
    void onStatus(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(STATUSES, records, statuses);
    }

    @KafkaListener(id = "outbound-conversations", idIsGroup = false, topics = Topics.CONVERSATION)
    void onConversation(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(CONVERSATIONS, records, conversations);
    }
}
