package io.leadline.platform.outbox;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.trace.Traces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a service puts the events its state change causes. Rows are written in the caller's transaction, so
 * they exist exactly when the change does; the {@link OutboxRelay} publishes them after commit.
 *
 * <p>The rows of one transaction wait in a buffer bound to it and reach the table in multi-row inserts just
 * before it commits: one round trip for a whole poll batch instead of one per event. The columns travel as arrays
 * ({@code unnest}), so the insert's text is the same for any number of rows and PostgreSQL parses and plans it
 * once per connection. The insert keeps the order they were published in, which is the order the relay sends them. Code that rolls back to a savepoint rolls the buffer back with it
 * ({@link #mark()}, {@link #rollbackTo(Mark)}).
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final JsonMapper json;
    private final Runnable wakeRelay;

    public Outbox(JdbcClient jdbc, EventCodec codec, Runnable wakeRelay) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.json = codec.mapper();
        this.wakeRelay = wakeRelay;
    }

    /** Publishes an event on its registered topic under its own partition key, once the transaction commits. */
    public UUID publish(LeadlineEvent event) {
        return publish(EventTypes.topicOf(event.getClass()), event.partitionKey(), event);
    }

    public UUID publish(String topic, String key, LeadlineEvent event) {
        UUID eventId = UUID.randomUUID();
        append(new Row(eventId, topic, key, EventTypes.nameOf(event.getClass()), codec.encode(event), "{}",
                Traces.current()));
        return eventId;
    }

    /**
     * Publishes bytes as they are, with extra headers that win over the CloudEvents defaults: how a record
     * that could not be processed reaches its dead-letter topic with its original headers and the reason.
     */
    public void publishRaw(String topic, String key, String type, byte[] value, Map<String, String> headers) {
        append(new Row(UUID.randomUUID(), topic, key, type, value == null ? new byte[0] : value,
                json.writeValueAsString(headers), Traces.current()));
    }

    /** Where the current transaction's buffer stands, to roll back to with {@link #rollbackTo(Mark)}. */
    public Mark mark() {
        return new Mark(buffer().rows.size());
    }

    /** Forgets the rows published since the mark: their savepoint was rolled back. */
    public void rollbackTo(Mark mark) {
        List<Row> rows = buffer().rows;
        rows.subList(Math.min(mark.size(), rows.size()), rows.size()).clear();
    }

    private void append(Row row) {
        buffer().rows.add(row);
    }

    private Buffer buffer() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Outbox rows must be written inside the transaction of the change");
        }
        Buffer buffer = (Buffer) TransactionSynchronizationManager.getResource(this);
        if (buffer == null) {
            buffer = new Buffer();
            TransactionSynchronizationManager.bindResource(this, buffer);
            TransactionSynchronizationManager.registerSynchronization(buffer);
        }
        return buffer;
    }

    private void write(List<Row> rows) {
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, record_key, event_type, payload, headers, traceparent)
                SELECT event_id, topic, record_key, event_type, payload, CAST(headers AS jsonb), traceparent
                FROM unnest(CAST(:eventIds AS uuid[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                            CAST(:types AS text[]), CAST(:payloads AS bytea[]), CAST(:headers AS text[]),
                            CAST(:traceparents AS text[]))
                     WITH ORDINALITY AS r (event_id, topic, record_key, event_type, payload, headers, traceparent, n)
                ORDER BY n
                """)
                .param("eventIds", rows.stream().map(row -> row.eventId().toString()).toArray(String[]::new))
                .param("topics", rows.stream().map(Row::topic).toArray(String[]::new))
                .param("keys", rows.stream().map(Row::key).toArray(String[]::new))
                .param("types", rows.stream().map(Row::type).toArray(String[]::new))
                .param("payloads", rows.stream().map(Row::payload).toArray(byte[][]::new))
                .param("headers", rows.stream().map(Row::headers).toArray(String[]::new))
                .param("traceparents", rows.stream().map(Row::traceparent).toArray(String[]::new))
                .update();
    }

    /** A position in the current transaction's buffer. */
    public record Mark(int size) {
    }

    private record Row(UUID eventId, String topic, String key, String type, byte[] payload, String headers,
            String traceparent) {
    }

    /** The rows of one transaction: written just before it commits, and the relay woken once it has. */
    private final class Buffer implements TransactionSynchronization {

        private final List<Row> rows = new ArrayList<>();
        private boolean wrote;

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!rows.isEmpty()) {
                write(rows);
                rows.clear();
                wrote = true;
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            if (status == STATUS_COMMITTED && wrote) {
                wakeRelay.run();
            }
        }
    }
}
