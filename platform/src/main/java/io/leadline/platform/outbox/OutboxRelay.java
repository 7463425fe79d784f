package io.leadline.platform.outbox;

import io.leadline.platform.PlatformProperties;
import io.leadline.platform.event.CloudEventHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes committed outbox rows to Kafka in id order, then marks them published.
 *
 * <p>It is woken by every commit that wrote a row and polls as a safety net, so a row committed just before a
 * crash is published by the next relay to run. One relay per schema publishes at a time (a transaction-scoped
 * advisory lock), which keeps the per-key order when a service runs on several machines. If the process dies
 * after Kafka acknowledged but before the rows were marked, they are published again: consumers are idempotent
 * by {@code ce_id}, which is the row's {@code event_id}.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final PlatformProperties.Outbox settings;
    private final Duration sendTimeout;
    private final String source;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Timer publishLatency;
    private final Counter published;
    private final Counter failures;

    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            JsonMapper json, PlatformProperties properties, String source, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.json = json;
        this.settings = properties.outbox();
        this.sendTimeout = properties.kafka().sendTimeout();
        this.source = source;
        this.publishLatency = Timer.builder("leadline.outbox.publish.latency")
                .description("From the outbox row's commit to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("leadline.outbox.published")
                .description("Outbox rows the broker acknowledged").register(meters);
        this.failures = Counter.builder("leadline.outbox.publish.failures")
                .description("Outbox publish attempts the broker refused or timed out; the rows are retried")
                .register(meters);
        Gauge.builder("leadline.outbox.backlog", this, OutboxRelay::backlog)
                .description("Outbox rows not yet published")
                .register(meters);
    }

    /** Asks the relay to publish now; cheap, and safe to call from any thread. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Publishes everything committed so far, unless the broker refuses; returns the rows published. */
    public int drain() {
        int total = 0;
        Round round;
        do {
            round = publishBatch();
            total += round.published();
        } while (round.full(settings.batchSize()));
        return total;
    }

    Round publishBatch() {
        Round round = transactions.execute(status -> {
            boolean leader = Boolean.TRUE.equals(jdbc.sql(
                    "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox_relay'))")
                    .query(Boolean.class).single());
            if (!leader) {
                return Round.NOTHING;
            }
            List<OutboxRow> rows = jdbc.sql("""
                    SELECT id, event_id, topic, record_key, event_type, payload, headers::text AS headers,
                           traceparent, created_at
                    FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT :limit
                    """)
                    .param("limit", settings.batchSize())
                    .query((rs, n) -> new OutboxRow(rs.getLong("id"), rs.getString("event_id"),
                            rs.getString("topic"), rs.getString("record_key"), rs.getString("event_type"),
                            rs.getBytes("payload"), rs.getString("headers"), rs.getString("traceparent"),
                            rs.getTimestamp("created_at").toInstant()))
                    .list();
            return rows.isEmpty() ? Round.NOTHING : send(rows);
        });
        return round == null ? Round.NOTHING : round;
    }

    /** Sends the rows and marks the longest prefix the broker acknowledged, so nothing is skipped. */
    private Round send(List<OutboxRow> rows) {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(kafka.send(toRecord(row)));
        }
        List<Long> acknowledged = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(rows.get(i).id());
                publishLatency.record(Duration.between(rows.get(i).createdAt(), Instant.now()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while publishing the outbox", e);
                break;
            } catch (Exception e) {
                failure = new IllegalStateException("the broker did not acknowledge outbox row "
                        + rows.get(i).id() + " for " + rows.get(i).topic(), e);
                break;
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.sql("UPDATE outbox_event SET published_at = clock_timestamp() WHERE id = ANY(:ids)")
                    .param("ids", acknowledged.toArray(Long[]::new))
                    .update();
            published.increment(acknowledged.size());
        }
        if (failure != null) {
            failures.increment();
            log.warn("Outbox relay published {} of {} rows: {}", acknowledged.size(), rows.size(),
                    failure.getMessage());
        }
        return new Round(acknowledged.size(), failure != null);
    }

    private ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
        var record = new ProducerRecord<String, byte[]>(row.topic(), row.key(), row.payload());
        Map<String, String> headers = CloudEventHeaders.of(row.eventId(), row.type(), source, row.createdAt(),
                row.traceparent());
        headers.putAll(json.readValue(row.headers(), HEADERS));
        CloudEventHeaders.write(record.headers(), headers);
        return record;
    }

    private double backlog() {
        try {
            Long count = jdbc.sql("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")
                    .query(Long.class).single();
            return count == null ? Double.NaN : count;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void run() {
        while (running) {
            try {
                wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                if (running && drainOnce().failed()) {
                    // The broker refused a row: wait a poll interval before trying again instead of spinning.
                    Thread.sleep(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                log.warn("Outbox relay round failed, retrying after {}: {}", settings.pollInterval(), e.toString());
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    private Round drainOnce() {
        Round round;
        do {
            round = publishBatch();
        } while (running && round.full(settings.batchSize()));
        return round;
    }

    private void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(sendTimeout.toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the Kafka producer and the connection pool go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** What one round published, and whether the broker refused a row. */
    record Round(int published, boolean failed) {

        static final Round NOTHING = new Round(0, false);

        boolean full(int batchSize) {
            return !failed && published == batchSize;
        }
    }

    private record OutboxRow(long id, String eventId, String topic, String key, String type, byte[] payload,
            String headers, String traceparent, Instant createdAt) {
    }
}
