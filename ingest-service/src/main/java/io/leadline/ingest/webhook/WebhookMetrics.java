package io.leadline.ingest.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The ingest's meters, named and described in one place (Prometheus shows the descriptions as HELP). */
final class WebhookMetrics {

    private WebhookMetrics() {
    }

    static Counter received(MeterRegistry meters, String source, String outcome) {
        return Counter.builder("leadline.webhooks.received")
                .description("Webhooks by source and outcome: accepted, partly_unparseable, unparseable, or why refused")
                .tag("source", source).tag("outcome", outcome).register(meters);
    }

    static Counter events(MeterRegistry meters, String source, String kind) {
        return Counter.builder("leadline.webhooks.events")
                .description("Events parsed from webhooks and acknowledged by the broker, by kind")
                .tag("source", source).tag("kind", kind).register(meters);
    }

    static Counter unrouted(MeterRegistry meters, String source) {
        return Counter.builder("leadline.webhooks.unrouted")
                .description("Numbers or instances no business is configured for, parked on the unrouted topic")
                .tag("source", source).register(meters);
    }

    static Counter archivedOnly(MeterRegistry meters, String source, String reason) {
        return Counter.builder("leadline.webhooks.archived.only")
                .description("Messages and statuses kept in the raw archive only, never routed to a person's "
                        + "conversation, by reason (group: group traffic)")
                .tag("source", source).tag("reason", reason).register(meters);
    }

    static Timer ack(MeterRegistry meters, String source) {
        return Timer.builder("leadline.webhooks.ack")
                .description("From the request's arrival to the answer, every record acknowledged by the broker")
                .publishPercentileHistogram()
                .tag("source", source).register(meters);
    }
}
