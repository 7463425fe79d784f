package io.leadline.contracts.ingest;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One message a provider reported, parsed from a webhook. Not yet tied to a contact.
 *
 * @param providerMessageId the provider's id ({@code wamid…} for Meta); unique per business and channel
 * @param from              the customer, in whatever identifier forms the provider gave
 * @param profileName       the WhatsApp profile name, when sent
 * @param sentAt            the provider's timestamp of the message
 * @param receivedAt        when ingest accepted the webhook
 * @param messageType       the provider's type name: text, image, interactive, reaction, unsupported, …
 * @param text              the text a person would read: body, caption, or the chosen button or list title
 * @param fromBusiness      true for a message the business typed on its own phone, echoed by a gateway
 * @param webhookId         the archived raw webhook this came from
 * @param rawJson           the provider's JSON of this one message, kept for types Leadline does not model
 * @param location          a shared location, for a location message
 * @param attributes        type-specific details as text: interactive reply ids, referral (ad) fields, a
 *                          reaction's emoji, an order's catalog id, a system message's kind, the gateway
 *                          instance ({@link #GATEWAY_INSTANCE}), …
 * @param providerConversationId the provider's own conversation id, when it has one (Kapso)
 */
public record InboundMessageReceived(
        String businessId,
        Channel channel,
        String providerMessageId,
        CustomerIdentifiers from,
        String profileName,
        Instant sentAt,
        Instant receivedAt,
        String messageType,
        String text,
        Media media,
        String replyToProviderMessageId,
        boolean fromBusiness,
        String webhookId,
        String rawJson,
        Location location,
        Map<String, String> attributes,
        String providerConversationId) implements LeadlineEvent {

    /** The attribute naming the gateway instance or session a {@code GATEWAY} message came through. */
    public static final String GATEWAY_INSTANCE = "gateway.instance";

    /** The gateway instance or session a {@code GATEWAY} message came through, or null. */
    public String gatewayInstance() {
        return channel == Channel.GATEWAY && attributes != null ? attributes.get(GATEWAY_INSTANCE) : null;
    }

    @Override
    public String partitionKey() {
        return businessId + ":" + from.senderRef();
    }
}
