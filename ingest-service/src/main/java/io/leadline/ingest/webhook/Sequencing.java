package io.leadline.ingest.webhook;

import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stamps each event with its arrival sequence (attribute {@value #ARRIVAL_SEQUENCE}), so consumers can order by the
 * provider's time ({@code sentAt}) and break ties by arrival rather than by processing time.
 */
public final class Sequencing {

    public static final String ARRIVAL_SEQUENCE = "arrivalSequence";

    private Sequencing() {
    }

    static InboundMessageReceived inbound(InboundMessageReceived m, long sequence) {
        return new InboundMessageReceived(m.businessId(), m.channel(), m.providerMessageId(), m.from(),
                m.profileName(), m.sentAt(), m.receivedAt(), m.messageType(), m.text(), m.media(),
                m.replyToProviderMessageId(), m.fromBusiness(), m.webhookId(), m.rawJson(), m.location(),
                with(m.attributes(), sequence), m.providerConversationId());
    }

    static DeliveryStatusReported status(DeliveryStatusReported s, long sequence) {
        return new DeliveryStatusReported(s.businessId(), s.channel(), s.providerMessageId(), s.status(), s.at(),
                s.recipientRef(), s.callbackData(), s.errors(), s.pricingCategory(), s.webhookId(),
                with(s.attributes(), sequence));
    }

    private static Map<String, String> with(Map<String, String> attributes, long sequence) {
        Map<String, String> copy = new LinkedHashMap<>(attributes == null ? Map.of() : attributes);
        copy.put(ARRIVAL_SEQUENCE, Long.toString(sequence));
        return copy;
    }
}
