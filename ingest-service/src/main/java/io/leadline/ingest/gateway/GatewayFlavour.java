package io.leadline.ingest.gateway;

import io.leadline.ingest.webhook.Json;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Which gateway posted a body, told apart by its shape. */
enum GatewayFlavour {
    /** Evolution API: {@code {event, instance, data, apikey, …}}. */
    EVOLUTION,
    /** WAHA: {@code {id, event, session, me, payload}}. */
    WAHA,
    /** A Baileys bridge posting {@code messages.upsert} as is: {@code {session, messages: [WAMessage…]}}. */
    BAILEYS;

    static Optional<GatewayFlavour> of(JsonNode root) {
        if (!root.isObject()) {
            return Optional.empty();
        }
        if (root.has("instance") && root.has("data")) {
            return Optional.of(EVOLUTION);
        }
        if (root.has("session") && root.path("payload").isObject()) {
            return Optional.of(WAHA);
        }
        if (root.path("messages").isArray() && Json.firstText(root, "session", "instance") != null) {
            return Optional.of(BAILEYS);
        }
        return Optional.empty();
    }

    String instance(JsonNode root) {
        return Json.firstText(root, this == EVOLUTION ? "instance" : "session", "instance");
    }
}
