package io.leadline.conversation.debug;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.platform.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/** Finds the archived raw webhook that carried a provider message, on {@code leadline.webhooks.raw.v1}. */
@Component
class RawArchive {

    /** How far around the message's arrival the archive is searched. */
    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final ConsumerFactory<String, byte[]> consumers;
    private final EventCodec codec;

    RawArchive(ConsumerFactory<String, byte[]> consumers, EventCodec codec) {
        this.consumers = consumers;
        this.codec = codec;
    }

    Optional<WebhookReceived> find(String providerMessageId, Instant receivedAt) {
        byte[] needle = providerMessageId.getBytes(StandardCharsets.UTF_8);
        Properties overrides = new Properties();
        overrides.put("enable.auto.commit", "false");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer("leadline-retry-simulation-"
                + UUID.randomUUID(), "leadline-retry-simulation", null, overrides)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_RAW).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> since = new HashMap<>();
            partitions.forEach(partition -> since.put(partition, receivedAt.minus(WINDOW).toEpochMilli()));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.offsetsForTimes(since).forEach((partition, offset) ->
                    consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset()));
            long until = receivedAt.plus(WINDOW).toEpochMilli();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && !caughtUp(consumer, partitions, ends)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    WebhookReceived webhook = record.timestamp() <= until ? decode(record.value()) : null;
                    // The archived event carries the body base64-encoded: the id is looked for in the decoded body.
                    if (webhook != null && webhook.body() != null && indexOf(webhook.body(), needle) >= 0) {
                        return Optional.of(webhook);
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static boolean caughtUp(Consumer<?, ?> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    private WebhookReceived decode(byte[] archived) {
        try {
            return codec.decode(archived, WebhookReceived.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
