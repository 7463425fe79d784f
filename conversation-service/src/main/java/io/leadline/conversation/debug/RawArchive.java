package io.leadline.conversation.debug;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.conversation.config.ConversationProperties;
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
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Finds the archived raw webhook that carried a provider message, on {@code leadline.webhooks.raw.v1}. Only the
 * window around the message's arrival is read: each partition from the first record at or after its start to the
 * first record past its end (the broker's time index gives both offsets), never to the end of the log.
 */
@Component
class RawArchive {

    private final ConsumerFactory<String, byte[]> consumers;
    private final EventCodec codec;
    private final Duration window;
    private final Duration timeout;

    RawArchive(ConsumerFactory<String, byte[]> consumers, EventCodec codec, ConversationProperties properties) {
        this.consumers = consumers;
        this.codec = codec;
        this.window = properties.retrySimulation().archiveWindow();
        this.timeout = properties.retrySimulation().timeout();
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
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = offsetsAt(consumer, partitions, receivedAt.minus(window), ends);
            Map<TopicPartition, Long> stops = offsetsAt(consumer, partitions, receivedAt.plus(window).plusMillis(1), ends);
            starts.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<TopicPartition> done = partitions.stream()
                        .filter(partition -> consumer.position(partition) >= stops.get(partition)).toList();
                if (done.size() == partitions.size()) {
                    return Optional.empty();
                }
                consumer.pause(done);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= stops.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    WebhookReceived webhook = decode(record.value());
                    // The archived event carries the body base64-encoded: the id is looked for in the decoded body.
                    if (webhook != null && webhook.body() != null && indexOf(webhook.body(), needle) >= 0) {
                        return Optional.of(webhook);
                    }
                }
            }
            throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
                    "The raw archive's window around " + receivedAt + " was not read within " + timeout);
        }
    }

    /** Per partition, the first offset whose record is at or after the time; the captured end when there is none. */
    private static Map<TopicPartition, Long> offsetsAt(Consumer<?, ?> consumer, List<TopicPartition> partitions,
            Instant at, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, at.toEpochMilli()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        partitions.forEach(partition -> {
            OffsetAndTimestamp offset = found.get(partition);
            offsets.put(partition, offset == null ? ends.get(partition) : Math.min(offset.offset(), ends.get(partition)));
        });
        return offsets;
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
