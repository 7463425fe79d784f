package io.leadline.ingest.webhook;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher.PublishFailedException;
import io.leadline.platform.trace.Traces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes records and waits for the broker's acknowledgement until one deadline shared by all the steps of a
 * webhook (archive, then events), so a broker outage costs a caller at most the configured time, never more.
 */
@Component
class AckingPublisher {

    /** One record: the event, its id, and where it goes when not to its registered topic. */
    record Out(String eventId, LeadlineEvent event, String topic, String key, Map<String, String> extraHeaders) {

        Out(String eventId, LeadlineEvent event) {
            this(eventId, event, null, null, Map.of());
        }
    }

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final String source;

    AckingPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec,
            @Value("${spring.application.name}") String application) {
        this.kafka = kafka;
        this.codec = codec;
        this.source = "/leadline/" + application;
    }

    void publish(List<Out> records, long deadlineNanos) {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        try {
            for (Out out : records) {
                acks.add(kafka.send(toRecord(out)));
            }
        } catch (RuntimeException e) {
            throw new PublishFailedException("the producer refused the records", e);
        }
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new PublishFailedException("the broker did not acknowledge in time", e);
            }
        }
    }

    private ProducerRecord<String, byte[]> toRecord(Out out) {
        LeadlineEvent event = out.event();
        String topic = out.topic() != null ? out.topic() : EventTypes.topicOf(event.getClass());
        String key = out.key() != null ? out.key() : event.partitionKey();
        var record = new ProducerRecord<String, byte[]>(topic, key, codec.encode(event));
        String traceparent = Traces.current() == null ? null : Traces.childOf(Traces.current());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.of(out.eventId(),
                EventTypes.nameOf(event.getClass()), source, Instant.now(), traceparent));
        CloudEventHeaders.write(record.headers(), out.extraHeaders());
        return record;
    }
}
