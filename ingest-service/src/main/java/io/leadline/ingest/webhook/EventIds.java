package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids derived from what the provider says, so a webhook delivered twice (or replayed) publishes the same
 * {@code ce_id} twice and the first consumer drops the copy: the first of Leadline's dedupe layers.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String inbound(String businessId, Channel channel, String providerMessageId) {
        return nameBased("inbound", businessId, channel.name(), providerMessageId);
    }

    public static String status(String businessId, Channel channel, String providerMessageId, DeliveryState status) {
        return nameBased("status", businessId, channel.name(), providerMessageId, status.name());
    }

    private static String nameBased(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
