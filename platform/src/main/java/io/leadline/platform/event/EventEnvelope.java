package io.leadline.platform.event;

import java.time.Instant;

/**
 * A consumed event with its CloudEvents attributes and where it came from.
 *
 * @param id          {@code ce_id}: what the idempotent consumer records
 * @param traceparent the W3C trace context the event carried, or null
 */
public record EventEnvelope<T>(
        String id,
        String type,
        String source,
        Instant time,
        String traceparent,
        String topic,
        int partition,
        long offset,
        String key,
        T payload) {
}
