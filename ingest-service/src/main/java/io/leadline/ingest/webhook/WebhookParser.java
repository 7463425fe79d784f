package io.leadline.ingest.webhook;

import tools.jackson.databind.JsonNode;

/** Turns one provider's webhook body into events. Used on arrival and again by a replay. */
@FunctionalInterface
public interface WebhookParser {

    /** @throws UnparseableWebhook when the body is JSON but not a webhook this parser understands */
    ParsedWebhook parse(JsonNode root, WebhookContext context);
}
