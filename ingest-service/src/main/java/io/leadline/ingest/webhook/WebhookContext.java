package io.leadline.ingest.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * What a parser knows about one delivery besides its body.
 *
 * @param webhookId  the id of the archived raw record; events carry it back
 * @param receivedAt when ingest accepted it (the archived time on a replay)
 * @param headers    the archived request headers (lower-case names)
 * @param businesses the configured businesses, for routing
 */
public record WebhookContext(String webhookId, Instant receivedAt, Map<String, String> headers,
        Businesses businesses) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
