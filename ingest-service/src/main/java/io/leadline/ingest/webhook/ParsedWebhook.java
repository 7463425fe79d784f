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
 * @param archivedOnly one reason per message or status deliberately kept in the raw archive only, never routed to
 *                   a person's conversation (e.g. {@value #GROUP}); counted, not dead-lettered
 */
public record ParsedWebhook(String businessId, List<InboundMessageReceived> messages,
        List<DeliveryStatusReported> statuses, List<String> unrouted, List<String> problems,
        List<String> archivedOnly) {

    /** Group traffic: a group is not a person, so its messages never become a 1:1 conversation. */
    public static final String GROUP = "group";

    public ParsedWebhook {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
        unrouted = List.copyOf(unrouted);
        problems = List.copyOf(problems);
        archivedOnly = List.copyOf(archivedOnly);
    }

    public ParsedWebhook(String businessId, List<InboundMessageReceived> messages,
            List<DeliveryStatusReported> statuses, List<String> unrouted, List<String> problems) {
        this(businessId, messages, statuses, unrouted, problems, List.of());
    }

    public int eventCount() {
        return messages.size() + statuses.size();
    }
}
