package io.leadline.ingest.webhook;

import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import java.util.List;

/** What one webhook body carried; {@code unrouted} counts changes for numbers no business is configured for. */
record ParsedWebhook(List<InboundMessageReceived> messages, List<DeliveryStatusReported> statuses, int unrouted) {
}
