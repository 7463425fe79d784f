package io.leadline.contracts.ingest;

import io.leadline.contracts.Channel;
import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A delivery status for a message the business sent.
 *
 * @param providerMessageId the sent message's provider id ({@code wamid…})
 * @param recipientRef      the recipient as the provider named it ({@code recipient_id}, a JID, …)
 * @param callbackData      Meta's {@code biz_opaque_callback_data}: Leadline sets it to the outbound id
 * @param errors            the provider's errors, for a failed status
 * @param attributes        further details as text: Meta's conversation id and origin, pricing model, …
 */
public record DeliveryStatusReported(
        String businessId,
        Channel channel,
        String providerMessageId,
        DeliveryState status,
        Instant at,
        String recipientRef,
        String callbackData,
        List<ProviderError> errors,
        String pricingCategory,
        String webhookId,
        Map<String, String> attributes) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return businessId + ":" + (recipientRef != null ? recipientRef : providerMessageId);
    }
}
