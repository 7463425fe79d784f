package io.leadline.testkit.whatsapp;

import java.time.Instant;

/**
 * One send the simulated WhatsApp-Web gateway accepted, as Evolution API's {@code sendText} received it.
 *
 * @param messageId   the {@code key.id} the gateway answered with
 * @param instance    the gateway instance in the path
 * @param number      the {@code number} field: a phone's digits or a JID such as {@code 1801…@lid}
 * @param traceparent the W3C trace context the caller sent
 */
public record RecordedGatewaySend(
        String messageId,
        String instance,
        String number,
        String text,
        String traceparent,
        Instant receivedAt) {
}
