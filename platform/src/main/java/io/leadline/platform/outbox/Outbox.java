package io.leadline.platform.outbox;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.AfterCommit;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.trace.Traces;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a service puts the events its state change causes. Rows are written in the caller's transaction, so
 * they exist exactly when the change does; the {@link OutboxRelay} publishes them after commit.
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
        append(eventId, topic, key, EventTypes.nameOf(event.getClass()), codec.encode(event), Map.of());
        return eventId;
    }

    /**
     * Publishes bytes as they are, with extra headers that win over the CloudEvents defaults: how a record
     * that could not be processed reaches its dead-letter topic with its original headers and the reason.
     */
    public void publishRaw(String topic, String key, String type, byte[] value, Map<String, String> headers) {
        append(UUID.randomUUID(), topic, key, type, value == null ? new byte[0] : value, headers);
    }

    private void append(UUID eventId, String topic, String key, String type, byte[] payload,
            Map<String, String> headers) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox rows must be written inside the transaction of the change");
        }
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, record_key, event_type, payload, headers, traceparent)
                VALUES (:eventId, :topic, :key, :type, :payload, CAST(:headers AS jsonb), :traceparent)
                """)
                .param("eventId", eventId)
                .param("topic", topic)
                .param("key", key)
                .param("type", type)
                .param("payload", payload)
                .param("headers", json.writeValueAsString(headers))
                .param("traceparent", Traces.current())
                .update();
        AfterCommit.runOnce(this, wakeRelay);
    }
}
