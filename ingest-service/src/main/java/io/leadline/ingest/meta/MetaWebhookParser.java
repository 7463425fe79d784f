package io.leadline.ingest.meta;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import io.leadline.ingest.webhook.WebhookContext;
import io.leadline.ingest.webhook.WebhookParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Meta WhatsApp Cloud API webhook: every {@code entry[].changes[].value} (a webhook can batch several, for
 * several numbers), every contact, message and status in it. Changes that are not message traffic (template or
 * account updates) are archived only; message traffic that names no number is unrouted.
 */
public class MetaWebhookParser implements WebhookParser {

    /** The unrouted key of a change that carries messages or statuses but no {@code metadata.phone_number_id}. */
    public static final String NO_PHONE_NUMBER_ID = "meta:no-phone-number-id";

    @Override
    public ParsedWebhook parse(JsonNode root, WebhookContext context) {
        if (!root.isObject() || !root.path("entry").isArray()) {
            throw new UnparseableWebhook("a WhatsApp webhook is an object with an entry array");
        }
        List<InboundMessageReceived> messages = new ArrayList<>();
        List<DeliveryStatusReported> statuses = new ArrayList<>();
        List<String> unrouted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String firstBusiness = null;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = Json.text(value.path("metadata"), "phone_number_id");
                if (phoneNumberId == null) {
                    // Template and account updates name no number and are archived only; messages or statuses
                    // without one cannot be routed, so they are parked like an unknown number, never dropped.
                    if (!value.path("messages").isEmpty() || !value.path("statuses").isEmpty()) {
                        unrouted.add(NO_PHONE_NUMBER_ID);
                    }
                    continue;
                }
                Optional<String> business = context.businesses().byPhoneNumberId(phoneNumberId);
                if (business.isEmpty()) {
                    unrouted.add(phoneNumberId);
                    continue;
                }
                firstBusiness = firstBusiness == null ? business.get() : firstBusiness;
                for (JsonNode message : value.path("messages")) {
                    if (Json.text(message, "id") == null) {
                        problems.add("a message has no id");
                        continue;
                    }
                    JsonNode contact = contactOf(message, value.path("contacts"));
                    messages.add(MetaMessages.toInbound(business.get(), Channel.META_CLOUD, message,
                            identifiers(message, contact), Json.text(contact.path("profile"), "name"), context,
                            Map.of(), null));
                }
                for (JsonNode status : value.path("statuses")) {
                    status(business.get(), status, context).ifPresentOrElse(statuses::add,
                            () -> problems.add("a status has no id or an unknown state: " + status.path("status")));
                }
            }
        }
        return new ParsedWebhook(firstBusiness, messages, statuses, unrouted, problems);
    }

    /** The contact that sent a message: matched by wa_id or user id, else the only contact of the change. */
    private static JsonNode contactOf(JsonNode message, JsonNode contacts) {
        String from = Json.text(message, "from");
        String fromUserId = Json.text(message, "from_user_id");
        for (JsonNode contact : contacts) {
            if (from != null && from.equals(Json.text(contact, "wa_id"))
                    || fromUserId != null && fromUserId.equals(Json.text(contact, "user_id"))) {
                return contact;
            }
        }
        return contacts.size() == 1 ? contacts.get(0) : message.path("__no_contact__");
    }

    private static CustomerIdentifiers identifiers(JsonNode message, JsonNode contact) {
        String waId = Optional.ofNullable(Json.text(message, "from")).orElse(Json.text(contact, "wa_id"));
        String bsuid = Optional.ofNullable(Json.text(contact, "user_id")).orElse(Json.text(message, "from_user_id"));
        String parent = Optional.ofNullable(Json.text(contact, "parent_user_id"))
                .orElse(Json.text(message, "from_parent_user_id"));
        String username = Optional.ofNullable(Json.text(contact, "username"))
                .orElse(Json.text(contact.path("profile"), "username"));
        return new CustomerIdentifiers(waId, null, null, null, bsuid, parent, username, null);
    }

    static Optional<DeliveryStatusReported> status(String business, JsonNode status, WebhookContext context) {
        DeliveryState state;
        try {
            state = DeliveryState.valueOf(Json.text(status, "status").toUpperCase(Locale.ROOT));
        } catch (RuntimeException notADeliveryState) {
            return Optional.empty();
        }
        String id = Json.text(status, "id");
        if (id == null) {
            return Optional.empty();
        }
        List<ProviderError> errors = new ArrayList<>();
        for (JsonNode error : status.path("errors")) {
            errors.add(new ProviderError(error.path("code").asInt(0), Json.text(error, "title"),
                    Json.text(error, "message"), Json.text(error.path("error_data"), "details")));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "conversation.id", Json.text(status.path("conversation"), "id"));
        put(attributes, "conversation.origin", Json.text(status.path("conversation").path("origin"), "type"));
        put(attributes, "conversation.expiresAt", Json.text(status.path("conversation"), "expiration_timestamp"));
        put(attributes, "pricing.billable", Json.text(status.path("pricing"), "billable"));
        put(attributes, "pricing.model", Json.text(status.path("pricing"), "pricing_model"));
        put(attributes, "pricing.type", Json.text(status.path("pricing"), "type"));
        put(attributes, "recipient.userId", Json.text(status, "recipient_user_id"));
        String recipient = Optional.ofNullable(Json.text(status, "recipient_id"))
                .orElse(Json.text(status, "recipient_user_id"));
        return Optional.of(new DeliveryStatusReported(business, Channel.META_CLOUD, id, state,
                Json.epochSeconds(status.path("timestamp"), context.receivedAt()), recipient,
                Json.text(status, "biz_opaque_callback_data"), errors, Json.text(status.path("pricing"), "category"),
                context.webhookId(), attributes));
    }

    static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
