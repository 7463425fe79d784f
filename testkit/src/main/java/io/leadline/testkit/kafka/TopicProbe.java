package io.leadline.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what reaches a topic from the moment the probe was opened, without joining any consumer group, so a
 * test can assert on what was really published (and how often).
 */
public final class TopicProbe implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    private boolean assigned;

    private TopicProbe(KafkaConsumer<String, byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * Opens a probe positioned at the current end of every partition of the topic. When the topic does not exist
     * yet, the probe reads it from its beginning once it does: everything published after this call is seen.
     */
    public static TopicProbe fromNow(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        TopicProbe probe = new TopicProbe(consumer, topic);
        List<TopicPartition> partitions = probe.partitions();
        if (!partitions.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            probe.assigned = true;
        }
        return probe;
    }

    private List<TopicPartition> partitions() {
        return consumer.listTopics(Duration.ofSeconds(10)).getOrDefault(topic, List.of()).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private void poll() {
        if (!assigned) {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned = true;
        }
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    }

    /** Polls until the records seen so far satisfy the condition; fails after the timeout. */
    public List<ConsumerRecord<String, byte[]>> awaitUntil(Predicate<List<ConsumerRecord<String, byte[]>>> condition,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(seen)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; records seen: " + seen.size());
            }
            poll();
        }
        return List.copyOf(seen);
    }

    /** Polls until at least {@code count} records matching the filter arrived. */
    public List<ConsumerRecord<String, byte[]>> awaitCount(Predicate<ConsumerRecord<String, byte[]>> filter, int count,
            Duration timeout) {
        awaitUntil(records -> records.stream().filter(filter).count() >= count, timeout);
        return seen.stream().filter(filter).toList();
    }

    public List<ConsumerRecord<String, byte[]>> seen() {
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static String value(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
