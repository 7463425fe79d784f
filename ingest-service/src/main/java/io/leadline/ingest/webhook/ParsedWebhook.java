package io.leadline.ingest.webhook;

import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import java.util.List;

/**
 * What one webhook body carried.
 *
 * @param businessId the business it was routed to (the first, when a Meta webhook spans several), or null
 * @param unrouted   the provider keys (phone number ids, gateway instances) no business is configured for
 * @param problems   parts that could not be read; the body goes to the dead-letter topic with these reasons,
 *                   while everything readable is still published
 */
public record ParsedWebhook(String businessId, List<InboundMessageReceived> messages,
        List<DeliveryStatusReported> statuses, List<String> unrouted, List<String> problems) {

    public ParsedWebhook {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        unrouted = List.copyOf(unrouted);
        problems = List.copyOf(problems);
    }

    public int eventCount() {
        return messages.size() + statuses.size();
    }
}
