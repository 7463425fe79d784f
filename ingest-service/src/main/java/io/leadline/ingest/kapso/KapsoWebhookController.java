package io.leadline.ingest.kapso;

import io.leadline.contracts.Channel;
import io.leadline.ingest.IngestProperties;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.ingest.webhook.WebhookBodies;
import io.leadline.ingest.webhook.WebhookIngestion;
import io.leadline.ingest.webhook.WebhookRejected;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Kapso's v2 webhooks, signed with {@code X-Webhook-Signature} (HMAC-SHA256 of the raw body, hex). */
@RestController
class KapsoWebhookController {

    private final WebhookIngestion ingestion;
    private final WebhookBodies bodies;
    private final String secret;
    private final KapsoWebhookParser parser = new KapsoWebhookParser();

    KapsoWebhookController(WebhookIngestion ingestion, WebhookBodies bodies, IngestProperties properties) {
        this.ingestion = ingestion;
        this.bodies = bodies;
        this.secret = properties.kapso().webhookSecret();
    }

    @PostMapping("/webhooks/kapso")
    ResponseEntity<Void> receive(HttpServletRequest request) {
        byte[] body = bodies.read(request, Channel.KAPSO);
        if (!HmacSignature.matches(body, secret, request.getHeader("X-Webhook-Signature"))) {
            throw WebhookRejected.badSignature(Channel.KAPSO);
        }
        var root = ingestion.readJson(Channel.KAPSO, body);
        ingestion.accept(Channel.KAPSO, body, root, WebhookBodies.archivedHeaders(request), parser);
        return ResponseEntity.ok().build();
    }
}
