package io.leadline.ingest.replay;

import io.leadline.contracts.Channel;
import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.ingest.gateway.GatewayWebhookParser;
import io.leadline.ingest.kapso.KapsoWebhookParser;
import io.leadline.ingest.meta.MetaWebhookParser;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.WebhookIngestion;
import io.leadline.ingest.webhook.WebhookParser;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Service;

/**
 * Reads the raw archive from a time or an offset up to its end as it was when the replay started, re-parses each
 * webhook and publishes its events again. Event ids derive from the provider's ids, so the idempotent consumers
 * downstream drop every event they already processed: a replay repairs, it never duplicates.
 */
@Service
class RawReplayer {

    private static final Logger log = LoggerFactory.getLogger(RawReplayer.class);
    private static final String RAW_TYPE = EventTypes.nameOf(WebhookReceived.class);

    private final ConsumerFactory<?, ?> consumers;
    private final EventCodec codec;
    private final WebhookIngestion ingestion;
    private final Map<Channel, WebhookParser> parsers = Map.of(Channel.META_CLOUD, new MetaWebhookParser(),
            Channel.KAPSO, new KapsoWebhookParser(), Channel.GATEWAY, new GatewayWebhookParser());

    RawReplayer(ConsumerFactory<?, ?> consumers, EventCodec codec, WebhookIngestion ingestion) {
        this.consumers = consumers;
        this.codec = codec;
        this.ingestion = ingestion;
    }

    /** What a replay did. */
    record Outcome(int webhooks, int messages, int statuses, int failed) {
    }

    /** Replays from {@code from} (a time), or from {@code fromOffset} in every partition when no time is given. */
    @SuppressWarnings("unchecked")
    Outcome replay(Instant from, Long fromOffset) {
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer(
                "ingest-replay", "replay")) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_RAW, Duration.ofSeconds(10))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seek(consumer, partitions, from, fromOffset, end);
            int webhooks = 0, messages = 0, statuses = 0, failed = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || !RAW_TYPE.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))) {
                        continue;
                    }
                    webhooks++;
                    try {
                        WebhookReceived raw = codec.decode(record.value(), WebhookReceived.class);
                        ParsedWebhook parsed = ingestion.republish(raw, parsers.get(raw.source()));
                        messages += parsed.messages().size();
                        statuses += parsed.statuses().size();
                    } catch (io.leadline.platform.kafka.EventPublisher.PublishFailedException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        failed++;
                        log.warn("Replay skipped raw record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
            return new Outcome(webhooks, messages, statuses, failed);
        }
    }

    private static void seek(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant from,
            Long fromOffset, Map<TopicPartition, Long> end) {
        if (from != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
            partitions.forEach(tp -> consumer.seek(tp, offsets.get(tp) == null ? end.get(tp) : offsets.get(tp).offset()));
            return;
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        long offset = fromOffset == null ? 0 : fromOffset;
        partitions.forEach(tp -> consumer.seek(tp, Math.min(end.get(tp), Math.max(beginning.get(tp), offset))));
    }
}
