package io.leadline.ingest.replay;

import io.leadline.contracts.Channel;
import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.ingest.IngestProperties;
import io.leadline.ingest.gateway.GatewayWebhookParser;
import io.leadline.ingest.kapso.KapsoWebhookParser;
import io.leadline.ingest.meta.MetaWebhookParser;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.WebhookIngestion;
import io.leadline.ingest.webhook.WebhookParser;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher.PublishFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Service;

/**
 * Reads the raw archive from a time or an offset up to its end as it was when the replay started, re-parses each
 * webhook and publishes its events again. Event ids derive from the provider's ids, so the idempotent consumers
 * downstream drop every event they already processed: a replay repairs, it never duplicates. The whole replay is
 * bounded by {@code leadline.ingest.replay-timeout}.
 */
@Service
class RawReplayer {

    private static final Logger log = LoggerFactory.getLogger(RawReplayer.class);
    private static final String RAW_TYPE = EventTypes.nameOf(WebhookReceived.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ConsumerFactory<?, ?> consumers;
    private final EventCodec codec;
    private final WebhookIngestion ingestion;
    private final Duration timeout;
    private final Map<Channel, WebhookParser> parsers = Map.of(Channel.META_CLOUD, new MetaWebhookParser(),
            Channel.KAPSO, new KapsoWebhookParser(), Channel.GATEWAY, new GatewayWebhookParser());

    RawReplayer(ConsumerFactory<?, ?> consumers, EventCodec codec, WebhookIngestion ingestion,
            IngestProperties properties) {
        this.consumers = consumers;
        this.codec = codec;
        this.ingestion = ingestion;
        this.timeout = properties.replayTimeout();
    }

    /** What a replay did. */
    record Outcome(int webhooks, int messages, int statuses, int failed) {
    }

    /**
     * Replays from {@code from} (a time), or from {@code fromOffset} in every partition when no time is given.
     *
     * @throws ReplayIncomplete when the end of the archive is not reached within the replay timeout
     */
    @SuppressWarnings("unchecked")
    Outcome replay(Instant from, Long fromOffset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int webhooks = 0, messages = 0, statuses = 0, failed = 0;
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer(
                "ingest-replay", "replay")) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS_RAW, remaining(deadline))
                    .stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            seek(consumer, partitions, from, fromOffset, end, remaining(deadline));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, remaining(deadline)) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    // A broker that is gone makes poll() return nothing, forever: stop instead of spinning.
                    throw new ReplayIncomplete("the archive was not read to its end in time", timeout,
                            new Outcome(webhooks, messages, statuses, failed), null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(min(POLL, remaining(deadline)))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                            || !RAW_TYPE.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))) {
                        continue;
                    }
                    try {
                        WebhookReceived raw = codec.decode(record.value(), WebhookReceived.class);
                        ParsedWebhook parsed = ingestion.republish(raw, parsers.get(raw.source()));
                        messages += parsed.messages().size();
                        statuses += parsed.statuses().size();
                    } catch (PublishFailedException e) {
                        if (brokerUnavailable(e)) {
                            throw new ReplayIncomplete("the broker did not acknowledge the republished events",
                                    timeout, new Outcome(webhooks, messages, statuses, failed), e);
                        }
                        // The broker is there but refuses this record's events (e.g. too large): skipping it keeps
                        // one record from blocking every replay over it.
                        failed++;
                        log.warn("Replay could not republish raw record {}-{}@{}: {}", record.topic(),
                                record.partition(), record.offset(), rootCause(e));
                    } catch (RuntimeException e) {
                        failed++;
                        log.warn("Replay skipped raw record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                    webhooks++;
                }
            }
            return new Outcome(webhooks, messages, statuses, failed);
        } catch (TimeoutException e) {
            throw new ReplayIncomplete("the broker did not answer in time (" + e.getMessage() + ")", timeout,
                    new Outcome(webhooks, messages, statuses, failed), e);
        }
    }

    private static boolean brokerUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void seek(Consumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant from,
            Long fromOffset, Map<TopicPartition, Long> end, Duration timeout) {
        if (from != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, timeout);
            partitions.forEach(tp -> consumer.seek(tp, offsets.get(tp) == null ? end.get(tp) : offsets.get(tp).offset()));
            return;
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        long offset = fromOffset == null ? 0 : fromOffset;
        partitions.forEach(tp -> consumer.seek(tp, Math.min(end.get(tp), Math.max(beginning.get(tp), offset))));
    }
}
