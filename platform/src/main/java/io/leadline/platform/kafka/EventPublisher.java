package io.leadline.platform.kafka;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.trace.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes straight to Kafka and waits for the acknowledgement: for a service with no database of its own
 * (ingest), which answers its caller only once the broker has the events. Stateful services use the outbox.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final String source;
    private final Duration timeout;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, String source, Duration timeout) {
        this.kafka = kafka;
        this.codec = codec;
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * An event with the id it is published under (a deterministic id lets consumers drop redeliveries), on its
     * registered topic unless {@code topic} names another (e.g. parking a webhook on the unrouted topic).
     */
    public record Outgoing(String eventId, LeadlineEvent event, String topic, String key) {

        public Outgoing(String eventId, LeadlineEvent event) {
            this(eventId, event, null, null);
        }
    }

    /**
     * Publishes all events and returns once the broker acknowledged every one.
     *
     * @throws PublishFailedException when any was not acknowledged within the send timeout
     */
    public void publishAll(List<Outgoing> events) {
        List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
        for (Outgoing outgoing : events) {
            acks.add(kafka.send(toRecord(outgoing)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new PublishFailedException("the broker did not acknowledge within " + timeout, e);
            }
        }
    }

    private ProducerRecord<String, byte[]> toRecord(Outgoing outgoing) {
        LeadlineEvent event = outgoing.event();
        String topic = outgoing.topic() != null ? outgoing.topic() : EventTypes.topicOf(event.getClass());
        String key = outgoing.key() != null ? outgoing.key() : event.partitionKey();
        var record = new ProducerRecord<String, byte[]>(topic, key, codec.encode(event));
        String traceparent = Traces.current() == null ? null : Traces.childOf(Traces.current());
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.of(outgoing.eventId(),
                EventTypes.nameOf(event.getClass()), source, Instant.now(), traceparent));
        return record;
    }

    /** The broker is unreachable or refused the events: the caller should be told to retry. */
    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
