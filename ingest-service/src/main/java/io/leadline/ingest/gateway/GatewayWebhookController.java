package io.leadline.ingest.gateway;

import io.leadline.contracts.Channel;
import io.leadline.ingest.IngestProperties;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.WebhookBodies;
import io.leadline.ingest.webhook.WebhookIngestion;
import io.leadline.ingest.webhook.WebhookRejected;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * WhatsApp-Web gateways. Each authenticates its own way: Evolution API only by the {@code apikey} in the body
 * (compared in constant time), WAHA by its HMAC-SHA512 ({@code X-Webhook-Hmac}), a Baileys bridge by an
 * HMAC-SHA256 of the raw body ({@code X-Webhook-Signature}). A body of no known shape is refused as unauthenticated:
 * without knowing the gateway there is no credential to check.
 */
@RestController
class GatewayWebhookController {

    private final WebhookIngestion ingestion;
    private final WebhookBodies bodies;
    private final String secret;
    private final GatewayWebhookParser parser = new GatewayWebhookParser();

    GatewayWebhookController(WebhookIngestion ingestion, WebhookBodies bodies, IngestProperties properties) {
        this.ingestion = ingestion;
        this.bodies = bodies;
        this.secret = properties.gateway().secret();
    }

    @PostMapping("/webhooks/gateway")
    ResponseEntity<Void> receive(HttpServletRequest request) {
        byte[] body = bodies.read(request, Channel.GATEWAY);
        JsonNode root = ingestion.readJson(Channel.GATEWAY, body);
        GatewayFlavour flavour = GatewayFlavour.of(root).orElseThrow(() -> WebhookRejected.badSignature(Channel.GATEWAY));
        boolean authentic = switch (flavour) {
            case EVOLUTION -> HmacSignature.sameSecret(secret, Json.text(root, "apikey"));
            case WAHA -> wahaAlgorithmIsSha512(request)
                    && HmacSignature.matches(body, secret, request.getHeader("X-Webhook-Hmac"), HmacSignature.SHA512);
            case BAILEYS -> HmacSignature.matches(body, secret, request.getHeader("X-Webhook-Signature"));
        };
        if (!authentic) {
            throw WebhookRejected.badSignature(Channel.GATEWAY);
        }
        ingestion.accept(Channel.GATEWAY, body, root, WebhookBodies.archivedHeaders(request), parser);
        return ResponseEntity.ok().build();
    }

    private static boolean wahaAlgorithmIsSha512(HttpServletRequest request) {
        String algorithm = request.getHeader("X-Webhook-Hmac-Algorithm");
        return algorithm == null || algorithm.toLowerCase(Locale.ROOT).equals("sha512");
    }
}
