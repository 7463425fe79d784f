package io.leadline.localstack.chaos;

import io.leadline.contracts.Topics;
import io.leadline.platform.consumer.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record on every {@code *.dlt} topic, read straight from the broker (end offsets, then the records up to
 * them) rather than through a service that might itself have missed one.
 */
final class DeadLetters {

    /** One dead letter with the headers that say why it is there. */
    record Letter(String topic, int partition, long offset, Map<String, String> headers) {

        String reason() {
            return headers.get(DeadLetterHeaders.REASON);
        }

        /** A dead letter that says which consumer gave up on which record, and why. */
        boolean explained() {
            return reason() != null && !reason().isBlank() && headers.containsKey(DeadLetterHeaders.CONSUMER)
                    && headers.containsKey(DeadLetterHeaders.ORIGINAL_TOPIC);
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " " + headers.getOrDefault("ce_type", "?") + " from "
                    + headers.getOrDefault(DeadLetterHeaders.ORIGINAL_TOPIC, "?") + "@"
                    + headers.getOrDefault(DeadLetterHeaders.ORIGINAL_OFFSET, "?") + " by "
                    + headers.getOrDefault(DeadLetterHeaders.CONSUMER, "?") + ": "
                    + headers.getOrDefault(DeadLetterHeaders.EXCEPTION, "?") + ": " + reason();
        }
    }

    /** The dead-letter topics that exist and the sum of their end offsets, with every record on them. */
    record Contents(List<String> topics, long endOffsets, List<Letter> letters) {
    }

    private DeadLetters() {
    }

    static Contents read(String bootstrapServers) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(Topics.DEAD_LETTER_SUFFIX)).sorted().toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, topic) ->
                    topic.partitions().forEach(partition ->
                            latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
        }
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        return new Contents(topics, total, total == 0 ? List.of() : records(bootstrapServers, ends));
    }

    private static List<Letter> records(String bootstrapServers, Map<TopicPartition, Long> ends) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Letter> letters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = ends.entrySet().stream().filter(end -> end.getValue() > 0)
                    .map(Map.Entry::getKey).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(new Letter(record.topic(), record.partition(), record.offset(), headers(record)));
                }
            }
        }
        return letters;
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
