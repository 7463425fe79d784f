package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.ingest.IngestProperties;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepts a webhook: checks its signature, archives the raw body, and publishes one event per message and per
 * status. It returns only once the broker acknowledged all of them, so a 200 means nothing can be lost, and a
 * broker outage becomes a 503 that makes the provider retry.
 */
@Service
class WebhookIngestion {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngestion.class);

    private final EventPublisher publisher;
    private final IngestProperties.Meta meta;
    private final MetaWebhookParser metaParser;
    private final MeterRegistry meters;

    WebhookIngestion(EventPublisher publisher, IngestProperties properties, PlatformProperties platform,
            EventCodec codec, MeterRegistry meters) {
        this.publisher = publisher;
        this.meta = properties.meta();
        this.meters = meters;
        this.metaParser = new MetaWebhookParser(codec.mapper(), phoneNumberId -> platform.businesses().stream()
                .filter(business -> phoneNumberId.equals(business.metaPhoneNumberId()))
                .map(PlatformProperties.Business::id)
                .findFirst());
        if (!meta.verifySignatures()) {
            log.warn("Meta webhook signature checks are OFF (leadline.ingest.meta.verify-signatures=false): "
                    + "anyone can post webhooks. Never run like this in production.");
        }
    }

    /** Answers Meta's subscription handshake: the challenge when the token matches. */
    Optional<String> verifySubscription(String mode, String token, String challenge) {
        boolean ok = "subscribe".equals(mode) && token != null && meta.verifyToken() != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                        meta.verifyToken().getBytes(StandardCharsets.UTF_8));
        return ok ? Optional.ofNullable(challenge) : Optional.empty();
    }

    int acceptMeta(byte[] body, String signature) {
        if (meta.verifySignatures() && !HmacSignature.matches(body, meta.appSecret(), signature)) {
            count(Channel.META_CLOUD, "bad_signature");
            throw WebhookRejected.badSignature();
        }
        String webhookId = UUID.randomUUID().toString();
        Instant receivedAt = Instant.now();
        Map<String, String> archivedHeaders = signature == null ? Map.of() : Map.of("X-Hub-Signature-256", signature);
        ParsedWebhook parsed;
        try {
            parsed = metaParser.parse(body, webhookId, receivedAt);
        } catch (WebhookRejected malformed) {
            // Signed but unreadable: keep the body for a person to look at, then tell the sender.
            publisher.publishAll(List.of(archive(webhookId, null, receivedAt, archivedHeaders, body)));
            count(Channel.META_CLOUD, "malformed");
            throw malformed;
        }
        List<Outgoing> events = new ArrayList<>();
        String business = parsed.messages().stream().map(InboundMessageReceived::businessId).findFirst()
                .or(() -> parsed.statuses().stream().map(DeliveryStatusReported::businessId).findFirst())
                .orElse(null);
        events.add(archive(webhookId, business, receivedAt, archivedHeaders, body));
        parsed.messages().forEach(message -> events.add(new Outgoing(
                EventIds.inbound(message.businessId(), message.channel(), message.providerMessageId()), message)));
        parsed.statuses().forEach(status -> events.add(new Outgoing(
                EventIds.status(status.businessId(), status.channel(), status.providerMessageId(), status.status()),
                status)));
        publisher.publishAll(events);
        if (parsed.unrouted() > 0) {
            log.warn("Webhook {} had {} change(s) for a phone number id no business is configured for; archived",
                    webhookId, parsed.unrouted());
        }
        count(Channel.META_CLOUD, "accepted");
        meters.counter("leadline.webhooks.messages", "source", Channel.META_CLOUD.name())
                .increment(parsed.messages().size());
        return parsed.messages().size() + parsed.statuses().size();
    }

    private static Outgoing archive(String webhookId, String business, Instant receivedAt, Map<String, String> headers,
            byte[] body) {
        return new Outgoing(webhookId, new WebhookReceived(webhookId, Channel.META_CLOUD, business, receivedAt,
                "application/json", headers, body));
    }

    private void count(Channel source, String outcome) {
        meters.counter("leadline.webhooks.received", "source", source.name(), "outcome", outcome).increment();
    }
}
