package io.leadline.platform.consumer;

import io.leadline.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Puts a dead-lettered record back on the topic it came from, once its cause is fixed: same key, same value, same
 * CloudEvents headers (so the same {@code ce_id}), without the dead-letter headers. Consumers that had processed it
 * skip it by its id; the one that failed processes it now. Reads the record by its exact position, so an operator
 * re-drives what they looked at and nothing else.
 */
public class DeadLetterRedrive {

    /** A record on a dead-letter topic, as an operator sees it. */
    public record DeadLetter(String topic, int partition, long offset, String key, Map<String, String> headers,
                             byte[] value) {

        public String originalTopic() {
            return headers.get(DeadLetterHeaders.ORIGINAL_TOPIC);
        }

        public String reason() {
            return headers.get(DeadLetterHeaders.REASON);
        }
    }

    /** Where the re-driven record landed. */
    public record Redriven(String topic, int partition, long offset) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaTemplate<String, byte[]> kafka;

    public DeadLetterRedrive(ConsumerFactory<String, byte[]> consumers, KafkaTemplate<String, byte[]> kafka) {
        this.consumers = consumers;
        this.kafka = kafka;
    }

    /** The record at that position of a dead-letter topic, if there is one. */
    public Optional<DeadLetter> read(String deadLetterTopic, int partition, long offset) {
        if (!deadLetterTopic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic");
        }
        TopicPartition position = new TopicPartition(deadLetterTopic, partition);
        Properties overrides = new Properties();
        overrides.put("enable.auto.commit", "false");
        overrides.put("max.poll.records", "1");
        // Assigned, never subscribed, never committing: the group id only has to be one nobody else uses.
        try (Consumer<String, byte[]> consumer = consumers.createConsumer("leadline-redrive-" + UUID.randomUUID(),
                "leadline-redrive", null, overrides)) {
            consumer.assign(List.of(position));
            consumer.seek(position, offset);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(new DeadLetter(deadLetterTopic, partition, offset, record.key(),
                                headers(record), record.value()));
                    }
                    return Optional.empty();
                }
                if (consumer.position(position) > offset) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /** Produces the dead letter back onto its original topic and waits for the broker's acknowledgement. */
    public Redriven redrive(DeadLetter deadLetter) {
        String topic = deadLetter.originalTopic();
        if (topic == null) {
            throw new IllegalArgumentException("the record has no " + DeadLetterHeaders.ORIGINAL_TOPIC + " header");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, deadLetter.key(), deadLetter.value());
        deadLetter.headers().forEach((name, value) -> {
            if (!name.startsWith("leadline_dlt_")) {
                record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        try {
            var sent = kafka.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
            return new Redriven(sent.topic(), sent.partition(), sent.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving", e);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take the re-driven record: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
