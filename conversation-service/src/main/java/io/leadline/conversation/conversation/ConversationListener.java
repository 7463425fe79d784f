package io.leadline.conversation.conversation;

import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Thin: each poll batch goes through the idempotent consumer, one transaction, to one application method per event. */
@Component
class ConversationListener {

    static final String IDENTITY_CONSUMER = "conversation.identity";
    static final String OUTBOUND_CONSUMER = "conversation.outbound";
    static final String STATUS_CONSUMER = "conversation.status";

    private final IdempotentConsumer consumer;
    private final EventHandlers identityEvents;
    private final EventHandlers outboundEvents;
    private final EventHandlers statusEvents;

    ConversationListener(IdempotentConsumer consumer, Conversations conversations, InboundRuns inboundRuns,
            OutboundRuns outboundRuns, ConversationMerges merges, DeliveryStatuses statuses) {
        consumer.registerMeters(IDENTITY_CONSUMER);
        consumer.registerMeters(OUTBOUND_CONSUMER);
        consumer.registerMeters(STATUS_CONSUMER);
        this.consumer = consumer;
        this.identityEvents = EventHandlers.create()
                // The hot path: consecutive inbound messages of a poll batch are applied together.
                .onBatch(InboundMessageResolved.class, inboundRuns::accept)
                .on(ContactsMerged.class, merges::merge)
                .on(ContactUpdated.class, merges::contactUpdated);
        this.outboundEvents = EventHandlers.create()
                // The hot path: a poll batch's sends are stored together.
                .onBatch(OutboundSent.class, outboundRuns::accept)
                .on(OutboundFailed.class, conversations::recordFailedSend)
                .on(OutboundOutcomeUnknown.class, conversations::recordUnknownSend);
        this.statusEvents = EventHandlers.create().onBatch(DeliveryStatusReported.class, statuses::reportAll);
    }

    @KafkaListener(id = "conversation-identity", idIsGroup = false, topics = Topics.IDENTITY)
    void onIdentity(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(IDENTITY_CONSUMER, records, identityEvents);
    }

    @KafkaListener(id = "conversation-outbound", idIsGroup = false, topics = Topics.OUTBOUND)
    void onOutbound(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(OUTBOUND_CONSUMER, records, outboundEvents);
    }

    /**
     * Three statuses come for every reply, so this listener carries three times the records of the others; its
     * consumers are set apart from the service-wide {@code spring.kafka.listener.concurrency}.
     */
    @KafkaListener(id = "conversation-status", idIsGroup = false, topics = Topics.STATUS,
            concurrency = "${leadline.conversation.status-listener-concurrency}")
    void onStatus(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process(STATUS_CONSUMER, records, statusEvents);
    }
}
