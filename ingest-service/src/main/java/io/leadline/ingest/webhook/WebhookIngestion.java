package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.ingest.IngestProperties;
import io.leadline.platform.consumer.DeadLetterHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher.PublishFailedException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a verified webhook: archives the raw body, then publishes one event per message and per status, and
 * returns only once the broker acknowledged all of them, so a 200 means nothing can be lost. A broker outage
 * becomes a 503 within {@code leadline.ingest.ack-timeout}; at most {@code max-in-flight} webhooks wait at once,
 * the rest are refused at once, so an outage never piles up blocked requests.
 */
@Service
public class WebhookIngestion {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngestion.class);

    private final AckingPublisher publisher;
    private final JsonMapper json;
    private final Businesses businesses;
    private final ArrivalClock clock;
    private final MeterRegistry meters;
    private final long timeoutNanos;
    private final Semaphore inFlight;
    private final String consumerName;

    WebhookIngestion(AckingPublisher publisher, EventCodec codec, Businesses businesses, ArrivalClock clock,
            IngestProperties properties, MeterRegistry meters, @Value("${spring.application.name}") String name) {
        this.publisher = publisher;
        this.json = codec.mapper();
        this.businesses = businesses;
        this.clock = clock;
        this.meters = meters;
        this.timeoutNanos = properties.ackTimeout().toNanos();
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.consumerName = name;
        int limit = properties.maxInFlight();
        Gauge.builder("leadline.webhooks.in.flight", inFlight, semaphore -> limit - semaphore.availablePermits())
                .description("Webhooks waiting for the broker's acknowledgement now").register(meters);
    }

    /** The body as a JSON tree; not JSON at all is the sender's mistake (400), counted like every rejection. */
    public JsonNode readJson(Channel source, byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw WebhookRejected.malformedJson(source);
            }
            return root;
        } catch (tools.jackson.core.JacksonException e) {
            throw WebhookRejected.malformedJson(source);
        }
    }

    /**
     * Archives, parses and publishes one verified webhook.
     *
     * @throws PublishFailedException when the broker did not acknowledge in time: answer 503
     */
    public ParsedWebhook accept(Channel source, byte[] body, JsonNode root, Map<String, String> headers,
            WebhookParser parser) {
        if (!inFlight.tryAcquire()) {
            throw WebhookRejected.overloaded(source);
        }
        long started = System.nanoTime();
        try {
            ParsedWebhook parsed = publish(source, body, root, headers, parser, started + timeoutNanos);
            WebhookMetrics.ack(meters, source.name()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return parsed;
        } catch (PublishFailedException e) {
            count(source, "broker_unavailable");
            throw e;
        } finally {
            inFlight.release();
        }
    }

    /**
     * Re-parses an archived webhook with today's parser and configuration, and publishes its inbound and status
     * events again under the same event ids and arrival sequence (consumers drop what they already have). Nothing
     * is archived, parked or dead-lettered again.
     */
    public ParsedWebhook republish(WebhookReceived raw, WebhookParser parser) {
        JsonNode root = json.readTree(raw.body());
        ParsedWebhook parsed = parser.parse(root, new WebhookContext(raw.webhookId(), raw.receivedAt(),
                raw.headers() == null ? Map.of() : raw.headers(), businesses));
        ParsedWebhook routedOnly = new ParsedWebhook(parsed.businessId(), parsed.messages(), parsed.statuses(),
                List.of(), List.of());
        publisher.publish(events(routedOnly, raw, raw.receivedAt()), System.nanoTime() + timeoutNanos);
        return parsed;
    }

    private ParsedWebhook publish(Channel source, byte[] body, JsonNode root, Map<String, String> headers,
            WebhookParser parser, long deadline) {
        String webhookId = UUID.randomUUID().toString();
        Instant receivedAt = clock.next();
        ParsedWebhook parsed;
        try {
            parsed = parser.parse(root, new WebhookContext(webhookId, receivedAt, headers, businesses));
        } catch (RuntimeException e) {
            // Signed but unreadable: the sender would retry forever, so keep it, say why, and answer 200.
            WebhookReceived raw = raw(webhookId, source, null, receivedAt, headers, body);
            publisher.publish(List.of(new AckingPublisher.Out(webhookId, raw)), deadline);
            String reason = e instanceof UnparseableWebhook ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            publisher.publish(List.of(deadLetter(webhookId, raw, reason)), deadline);
            count(source, "unparseable");
            log.warn("Webhook {} from {} is signed but unreadable ({}); archived and dead-lettered", webhookId, source,
                    reason);
            return new ParsedWebhook(null, List.of(), List.of(), List.of(), List.of(reason));
        }
        WebhookReceived raw = raw(webhookId, source, parsed.businessId(), receivedAt, headers, body);
        publisher.publish(List.of(new AckingPublisher.Out(webhookId, raw)), deadline);
        publisher.publish(events(parsed, raw, receivedAt), deadline);
        // Counted once, and only now that the broker has it all: a 503 is counted as broker_unavailable alone.
        count(source, parsed.problems().isEmpty() ? "accepted" : "partly_unparseable");
        WebhookMetrics.events(meters, source.name(), "inbound").increment(parsed.messages().size());
        WebhookMetrics.events(meters, source.name(), "status").increment(parsed.statuses().size());
        parsed.archivedOnly().forEach(reason -> WebhookMetrics.archivedOnly(meters, source.name(), reason).increment());
        if (!parsed.unrouted().isEmpty()) {
            WebhookMetrics.unrouted(meters, source.name()).increment(parsed.unrouted().size());
            log.warn("Webhook {} from {} names {} number(s) or instance(s) no business is configured for; parked on {}",
                    webhookId, source, parsed.unrouted().size(), Topics.UNROUTED);
        }
        return parsed;
    }

    private List<AckingPublisher.Out> events(ParsedWebhook parsed, WebhookReceived raw, Instant receivedAt) {
        List<AckingPublisher.Out> events = new ArrayList<>();
        int position = 0;
        for (InboundMessageReceived message : parsed.messages()) {
            InboundMessageReceived sequenced = Sequencing.inbound(message, ArrivalClock.sequence(receivedAt, position++));
            events.add(new AckingPublisher.Out(EventIds.inbound(message.businessId(), message.channel(),
                    message.providerMessageId()), sequenced));
        }
        for (DeliveryStatusReported status : parsed.statuses()) {
            DeliveryStatusReported sequenced = Sequencing.status(status, ArrivalClock.sequence(receivedAt, position++));
            events.add(new AckingPublisher.Out(EventIds.status(status.businessId(), status.channel(),
                    status.providerMessageId(), status.status()), sequenced));
        }
        for (String key : new LinkedHashSet<>(parsed.unrouted())) {
            events.add(new AckingPublisher.Out(raw.webhookId() + ":" + key, raw, Topics.UNROUTED, key, Map.of()));
        }
        if (!parsed.problems().isEmpty()) {
            events.add(deadLetter(raw.webhookId(), raw, String.join("; ", parsed.problems())));
        }
        return events;
    }

    private AckingPublisher.Out deadLetter(String webhookId, WebhookReceived raw, String reason) {
        return new AckingPublisher.Out(webhookId, raw, Topics.deadLetter(Topics.WEBHOOKS_RAW), raw.partitionKey(),
                Map.of(DeadLetterHeaders.REASON, reason == null ? "unreadable" : reason,
                        DeadLetterHeaders.CONSUMER, consumerName,
                        DeadLetterHeaders.ORIGINAL_TOPIC, Topics.WEBHOOKS_RAW,
                        DeadLetterHeaders.DEAD_LETTERED_AT, Instant.now().toString()));
    }

    private static WebhookReceived raw(String webhookId, Channel source, String business, Instant receivedAt,
            Map<String, String> headers, byte[] body) {
        return new WebhookReceived(webhookId, source, business, receivedAt,
                headers.getOrDefault("content-type", "application/json"), headers, body);
    }

    private void count(Channel source, String outcome) {
        WebhookMetrics.received(meters, source.name(), outcome).increment();
    }
}
