package io.leadline.platform.consumer;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.consumer.EventHandlers.Handler;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a poll batch of records in one database transaction, each record exactly once.
 *
 * <p>First as a whole, without savepoints (see {@link #fastPath}); when any record fails, again record by record.
 * Per record, inside a savepoint: record its {@code ce_id} for this consumer (a conflict means it was
 * applied before: skip it), then call the handler, whose state changes and outbox rows share the transaction.
 * A record that cannot be read, or whose handler keeps failing, is rolled back to its savepoint and written to
 * {@code <topic>.dlt} through the outbox with the reason, so the records after it still go through and nothing
 * about it is lost. When the database itself fails, the whole batch is rolled back and thrown to the
 * container, which retries it with back-off; offsets are committed only after the transaction.
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);
    private static final int MAX_REASON_LENGTH = 1_000;
    private static final List<String> OUTCOMES = List.of("processed", "duplicate", "skipped", "dead_lettered");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventCodec codec;
    private final Outbox outbox;
    private final int attempts;
    private final MeterRegistry meters;
    private final ProcessedEvents processed;

    public IdempotentConsumer(JdbcClient jdbc, TransactionTemplate transactions, EventCodec codec, Outbox outbox,
            int attempts, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.codec = codec;
        this.outbox = outbox;
        this.attempts = Math.max(1, attempts);
        this.meters = meters;
        this.processed = new ProcessedEvents(jdbc);
    }

    /**
     * Creates this consumer's counters at zero, at start-up: a counter born at its first dead letter has no earlier
     * sample, so Prometheus' {@code increase()} would never see that first one, and the alert would stay quiet.
     */
    public void registerMeters(String consumer) {
        for (String outcome : OUTCOMES) {
            counter(consumer, outcome);
        }
    }

    public void process(String consumer, List<ConsumerRecord<String, byte[]>> records, EventHandlers handlers) {
        if (!records.isEmpty()) {
            try {
                List<String> outcomes = transactions.execute(status -> fastPath(consumer, records, handlers));
                outcomes.forEach(outcome -> count(consumer, outcome));
                return;
            } catch (DataAccessResourceFailureException | TransientDataAccessException transientFailure) {
                throw transientFailure;
            } catch (RuntimeException oneRecordFailed) {
                log.debug("A record of the batch failed; applying it record by record", oneRecordFailed);
            }
        }
        transactions.executeWithoutResult(status -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                processOne(consumer, record, handlers, status);
            }
        });
    }

    /**
     * The common case, cheap: every record readable and every handler succeeding, so no savepoints (PostgreSQL
     * slows down past 64 subtransactions in one transaction) and one statement claims every event id. Any failure
     * rolls the whole batch back and {@link #process} applies it again record by record, each in its savepoint.
     * A batch of one record takes this path too, which spares it the savepoint and its release: two round trips
     * of the six a lone record costs.
     */
    private List<String> fastPath(String consumer, List<ConsumerRecord<String, byte[]>> records,
            EventHandlers handlers) {
        List<EventEnvelope<?>> envelopes = new ArrayList<>();
        List<Handler> chosen = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
            if (type == null) {
                throw new IllegalArgumentException("the record has no ce_type header");
            }
            Optional<Class<? extends LeadlineEvent>> eventClass = EventTypes.classOf(type);
            Optional<Handler> handler = eventClass.flatMap(handlers::handlerFor);
            if (handler.isEmpty()) {
                outcomes.add("skipped");
                continue;
            }
            envelopes.add(envelope(record, type, codec.decode(record.value(), eventClass.get())));
            chosen.add(handler.get());
        }
        Set<String> fresh = processed.claim(consumer, envelopes.stream().map(EventEnvelope::id).distinct().toList());
        // Consecutive fresh events of one handler go to it together, so a batch handler sees the longest runs.
        List<EventEnvelope<?>> run = new ArrayList<>();
        Handler runHandler = null;
        for (int i = 0; i < envelopes.size(); i++) {
            if (!fresh.remove(envelopes.get(i).id())) {
                outcomes.add("duplicate");
                continue;
            }
            if (runHandler != null && chosen.get(i) != runHandler) {
                runHandler.handle(List.copyOf(run));
                run.clear();
            }
            runHandler = chosen.get(i);
            run.add(envelopes.get(i));
            outcomes.add("processed");
        }
        if (runHandler != null) {
            runHandler.handle(List.copyOf(run));
        }
        return outcomes;
    }

    private void processOne(String consumer, ConsumerRecord<String, byte[]> record, EventHandlers handlers,
            TransactionStatus status) {
        String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
        if (type == null) {
            deadLetter(consumer, record, 1, new IllegalArgumentException("the record has no ce_type header"));
            return;
        }
        Optional<Class<? extends LeadlineEvent>> eventClass = EventTypes.classOf(type);
        Optional<Handler> handler = eventClass.flatMap(handlers::handlerFor);
        if (handler.isEmpty()) {
            count(consumer, "skipped");
            return;
        }
        EventEnvelope<?> envelope;
        try {
            envelope = envelope(record, type, codec.decode(record.value(), eventClass.get()));
        } catch (RuntimeException unreadable) {
            deadLetter(consumer, record, 1, unreadable);
            return;
        }
        // The dead letter, if it comes to that, carries the trace of the event it holds.
        try (var trace = Traces.continueOrStart(envelope.traceparent())) {
            applyWithRetries(consumer, record, envelope, handler.get(), status);
        }
    }

    private void applyWithRetries(String consumer, ConsumerRecord<String, byte[]> record, EventEnvelope<?> envelope,
            Handler handler, TransactionStatus status) {
        for (int attempt = 1; ; attempt++) {
            Object savepoint = status.createSavepoint();
            Outbox.Mark published = outbox.mark();
            try {
                boolean firstTime = jdbc.sql("""
                        INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId)
                        ON CONFLICT DO NOTHING
                        """)
                        .param("consumer", consumer)
                        .param("eventId", envelope.id())
                        .update() == 1;
                if (firstTime) {
                    handler.handle(List.of(envelope));
                }
                status.releaseSavepoint(savepoint);
                count(consumer, firstTime ? "processed" : "duplicate");
                return;
            } catch (DataAccessResourceFailureException | TransientDataAccessException transientFailure) {
                // The database is down, or this transaction lost a deadlock or a lock wait: nothing is wrong with
                // the record. Roll the whole batch back (releasing its locks) and let the container retry it with
                // back-off; dead-lettering it would lose a valid event (seen under chaos: a deadlock between two
                // consumers of one conversation).
                throw transientFailure;
            } catch (RuntimeException failure) {
                status.rollbackToSavepoint(savepoint);
                outbox.rollbackTo(published);
                if (attempt >= attempts) {
                    deadLetter(consumer, record, attempt, failure);
                    return;
                }
                log.debug("Attempt {} of {} failed for event {}", attempt, attempts, envelope.id(), failure);
            }
        }
    }

    private void deadLetter(String consumer, ConsumerRecord<String, byte[]> record, int attempt, Exception reason) {
        Map<String, String> headers = CloudEventHeaders.readAll(record.headers());
        headers.put(DeadLetterHeaders.REASON, truncate(reason.getMessage() == null
                ? reason.getClass().getSimpleName() : reason.getMessage()));
        headers.put(DeadLetterHeaders.EXCEPTION, reason.getClass().getName());
        headers.put(DeadLetterHeaders.CONSUMER, consumer);
        headers.put(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
        headers.put(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition()));
        headers.put(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset()));
        headers.put(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempt));
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, Instant.now().toString());
        String type = headers.getOrDefault(CloudEventHeaders.TYPE, "unknown");
        String key = record.key() == null ? "" : record.key();
        outbox.publishRaw(Topics.deadLetter(record.topic()), key, type, record.value(), headers);
        count(consumer, "dead_lettered");
        log.warn("Dead-lettered {}-{}@{} for {}: {}", record.topic(), record.partition(), record.offset(), consumer,
                headers.get(DeadLetterHeaders.REASON));
    }

    private static EventEnvelope<Object> envelope(ConsumerRecord<String, byte[]> record, String type, Object payload) {
        var headers = record.headers();
        String id = CloudEventHeaders.read(headers, CloudEventHeaders.ID);
        if (id == null) {
            // A record from a foreign producer still gets a stable identity: its place in the log.
            id = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        }
        return new EventEnvelope<>(id, type, CloudEventHeaders.read(headers, CloudEventHeaders.SOURCE),
                CloudEventHeaders.parseTime(CloudEventHeaders.read(headers, CloudEventHeaders.TIME)),
                CloudEventHeaders.read(headers, CloudEventHeaders.TRACEPARENT), record.topic(), record.partition(),
                record.offset(), record.key(), payload);
    }

    private void count(String consumer, String outcome) {
        counter(consumer, outcome).increment();
    }

    private Counter counter(String consumer, String outcome) {
        return Counter.builder("leadline.consumer.events")
                .description("Consumed records by outcome: processed, duplicate, skipped, dead_lettered")
                .tag("consumer", consumer)
                .tag("outcome", outcome)
                .register(meters);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
