package io.leadline.ingest.webhook;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Meta's WhatsApp Cloud API webhook: the subscription handshake and the signed event deliveries. */
@RestController
@RequestMapping("/webhooks/whatsapp")
class MetaWebhookController {

    private final WebhookIngestion ingestion;

    MetaWebhookController(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
    String verify(@RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        return ingestion.verifySubscription(mode, token, challenge).orElseThrow(WebhookRejected::wrongVerifyToken);
    }

    @PostMapping
    void receive(@RequestBody byte[] body,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) {
        ingestion.acceptMeta(body, signature);
    }
}
