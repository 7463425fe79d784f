package io.leadline.ingest.meta;

import io.leadline.contracts.Channel;
import io.leadline.ingest.IngestProperties;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.ingest.webhook.WebhookBodies;
import io.leadline.ingest.webhook.WebhookIngestion;
import io.leadline.ingest.webhook.WebhookRejected;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Meta's WhatsApp Cloud API webhook: the subscription handshake and the signed event deliveries. */
@RestController
@RequestMapping("/webhooks/whatsapp")
class MetaWebhookController {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhookController.class);

    private final WebhookIngestion ingestion;
    private final WebhookBodies bodies;
    private final IngestProperties.Meta meta;
    private final MetaWebhookParser parser = new MetaWebhookParser();

    MetaWebhookController(WebhookIngestion ingestion, WebhookBodies bodies, IngestProperties properties) {
        this.ingestion = ingestion;
        this.bodies = bodies;
        this.meta = properties.meta();
        if (!meta.verifySignatures()) {
            log.warn("Meta webhook signature checks are OFF (leadline.ingest.meta.verify-signatures=false): "
                    + "anyone can post webhooks. Never run like this in production.");
        }
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    String verify(@RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        boolean ok = "subscribe".equals(mode) && token != null && meta.verifyToken() != null && challenge != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                        meta.verifyToken().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw WebhookRejected.wrongVerifyToken();
        }
        return challenge;
    }

    @PostMapping
    ResponseEntity<Void> receive(HttpServletRequest request) {
        byte[] body = bodies.read(request, Channel.META_CLOUD);
        if (meta.verifySignatures()
                && !HmacSignature.matches(body, meta.appSecret(), request.getHeader("X-Hub-Signature-256"))) {
            throw WebhookRejected.badSignature(Channel.META_CLOUD);
        }
        var root = ingestion.readJson(Channel.META_CLOUD, body);
        ingestion.accept(Channel.META_CLOUD, body, root, WebhookBodies.archivedHeaders(request), parser);
        return ResponseEntity.ok().build();
    }
}
