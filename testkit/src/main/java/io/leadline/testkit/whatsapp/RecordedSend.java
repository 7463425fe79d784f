package io.leadline.testkit.whatsapp;

import java.time.Instant;

/**
 * One send the simulator accepted, as the Graph API received it.
 *
 * @param callbackData the {@code biz_opaque_callback_data} Leadline set (its outbound id)
 * @param traceparent  the W3C trace context the caller sent, so a test can follow one trace end to end
 */
public record RecordedSend(
        String wamid,
        String apiVersion,
        String phoneNumberId,
        String to,
        String type,
        String text,
        String callbackData,
        String traceparent,
        Instant receivedAt) {
}
