package io.leadline.contracts.ingest;

import io.leadline.contracts.Channel;
import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;
import java.util.Map;

/**
 * A webhook body exactly as it arrived, archived before it is parsed so that it can be replayed.
 *
 * @param webhookId  the id ingest gave this delivery; parsed events carry it back
 * @param businessId the business it was routed to, or null when it could not be routed
 * @param headers    the headers needed to verify or replay it (signatures, idempotency keys)
 * @param body       the raw bytes (base64 in JSON), so a replay can re-check the signature
 */
public record WebhookReceived(
        String webhookId,
        Channel source,
        String businessId,
        Instant receivedAt,
        String contentType,
        Map<String, String> headers,
        byte[] body) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return businessId != null ? businessId : source.name();
    }
}
