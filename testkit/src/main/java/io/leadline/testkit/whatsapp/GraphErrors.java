package io.leadline.testkit.whatsapp;

import java.util.Map;
import java.util.UUID;

/** Error bodies in the shape the Graph API answers with. */
final class GraphErrors {

    private GraphErrors() {
    }

    static Map<String, Object> error(int code, String type, String message, String details) {
        return Map.of("error", Map.of(
                "message", "(#" + code + ") " + message,
                "type", type,
                "code", code,
                "error_data", Map.of("messaging_product", "whatsapp", "details", details),
                "fbtrace_id", "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 22)));
    }

    static Map<String, Object> invalidParameter(String details) {
        return error(100, "OAuthException", "Invalid parameter", details);
    }

    static Map<String, Object> invalidToken() {
        return error(190, "OAuthException", "Invalid OAuth access token.", "The access token could not be decrypted");
    }

    /** The body an injected fault answers with: the message text is deliberately generic, callers go by code. */
    static Map<String, Object> injected(int code) {
        return error(code, "OAuthException", "Injected by the simulator's fault plan", "simulated error " + code);
    }
}
