package io.leadline.identity.contact;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.platform.consumer.EventHandlers;
import io.leadline.platform.consumer.IdempotentConsumer;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Poll batches as the listener container hands them to the listener: records with their CloudEvents headers,
 * applied in one transaction by the platform's idempotent consumer and the listener's batch handler. For tests
 * that need to choose what one batch holds, or run batches on threads of their own.
 */
final class PollBatches {

    private final IdempotentConsumer consumer;
    private final EventCodec codec;
    private final EventHandlers handlers;
    private final AtomicLong offset = new AtomicLong();

    PollBatches(IdempotentConsumer consumer, BatchResolver resolver, EventCodec codec) {
        this.consumer = consumer;
        this.codec = codec;
        this.handlers = EventHandlers.create().onBatch(InboundMessageReceived.class, resolver::resolveAll);
    }

    void apply(List<InboundMessageReceived> messages) {
        applyRecords(messages.stream().map(this::record).toList());
    }

    void applyRecords(List<ConsumerRecord<String, byte[]>> records) {
        consumer.process("identity.inbound", records, handlers);
    }

    ConsumerRecord<String, byte[]> record(InboundMessageReceived message) {
        var record = new ConsumerRecord<>(Topics.INBOUND, 0, offset.getAndIncrement(), message.partitionKey(),
                codec.encode(message));
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.of(UUID.randomUUID().toString(),
                EventTypes.nameOf(InboundMessageReceived.class), "/test", Instant.now(), null));
        return record;
    }
}
