package io.leadline.ingest.kapso;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.ingest.meta.MetaMessages;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import io.leadline.ingest.webhook.WebhookContext;
import io.leadline.ingest.webhook.WebhookParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads Kapso's payload version 2: one {@code {message, conversation, phone_number_id}} payload, or a buffered
 * batch ({@code batch: true, data: […]}) of them. The message object is Meta's with a {@code kapso} extension;
 * the event name comes from {@code X-Webhook-Event} (or the batch's {@code type}). Phone, {@code from} and
 * {@code wa_id} may all be absent: the conversation's business-scoped user id then identifies the customer.
 */
public class KapsoWebhookParser implements WebhookParser {

    static final String RECEIVED = "whatsapp.message.received";
    private static final Map<String, DeliveryState> STATUS_EVENTS = Map.of(
            "whatsapp.message.sent", DeliveryState.SENT,
            "whatsapp.message.delivered", DeliveryState.DELIVERED,
            "whatsapp.message.read", DeliveryState.READ,
            "whatsapp.message.failed", DeliveryState.FAILED);

    @Override
    public ParsedWebhook parse(JsonNode root, WebhookContext context) {
        if (!root.isObject()) {
            throw new UnparseableWebhook("a Kapso webhook is a JSON object");
        }
        if (root.has("whatsapp_config")) {
            throw new UnparseableWebhook("Kapso payload version 1 is not supported; switch the webhook to v2");
        }
        boolean batch = root.path("batch").asBoolean(false) || "true".equals(context.header("X-Webhook-Batch"));
        if (batch && !root.path("data").isArray()) {
            throw new UnparseableWebhook("a Kapso batch has a data array");
        }
        String event = Optional.ofNullable(context.header("X-Webhook-Event"))
                .orElse(Json.firstText(root, "type", "event"));
        List<JsonNode> payloads = new ArrayList<>();
        if (batch) {
            root.path("data").forEach(payloads::add);
        } else {
            payloads.add(root);
        }
        List<InboundMessageReceived> messages = new ArrayList<>();
        List<DeliveryStatusReported> statuses = new ArrayList<>();
        List<String> unrouted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String firstBusiness = null;
        for (int index = 0; index < payloads.size(); index++) {
            JsonNode payload = payloads.get(index);
            JsonNode message = payload.path("message");
            JsonNode conversation = payload.path("conversation");
            String phoneNumberId = Optional.ofNullable(Json.text(payload, "phone_number_id"))
                    .or(() -> Optional.ofNullable(Json.text(conversation, "phone_number_id")))
                    .orElse(Json.text(message.path("kapso"), "phone_number_id"));
            String eventName = event != null ? event : inferredEvent(message);
            boolean received = RECEIVED.equals(eventName);
            DeliveryState state = STATUS_EVENTS.get(eventName);
            if (!received && state == null) {
                continue; // conversation lifecycle and other events: archived only
            }
            if (Json.text(message, "id") == null) {
                problems.add("payload " + index + " has no message id");
                continue;
            }
            Optional<String> business = context.businesses().byPhoneNumberId(phoneNumberId);
            if (business.isEmpty()) {
                unrouted.add(phoneNumberId == null ? "kapso:no-phone-number-id" : phoneNumberId);
                continue;
            }
            firstBusiness = firstBusiness == null ? business.get() : firstBusiness;
            Map<String, String> attributes = attributes(context, payload, batch ? index : -1);
            if (received) {
                messages.add(inbound(business.get(), message, conversation, context, attributes));
            } else {
                statuses.add(status(business.get(), state, message, conversation, context, attributes));
            }
        }
        return new ParsedWebhook(firstBusiness, messages, statuses, unrouted, problems);
    }

    private static String inferredEvent(JsonNode message) {
        JsonNode kapso = message.path("kapso");
        if ("inbound".equals(Json.text(kapso, "direction"))) {
            return RECEIVED;
        }
        String status = Json.text(kapso, "status");
        return status == null ? null : "whatsapp.message." + status;
    }

    private static Map<String, String> attributes(WebhookContext context, JsonNode payload, int batchIndex) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode kapso = payload.path("message").path("kapso");
        put(attributes, "kapso.idempotencyKey", context.header("X-Idempotency-Key"));
        put(attributes, "kapso.origin", Json.text(kapso, "origin"));
        put(attributes, "kapso.content", Json.text(kapso, "content"));
        put(attributes, "kapso.transcript", Json.text(kapso.path("transcript"), "text"));
        put(attributes, "kapso.mediaUrl", Json.text(kapso, "media_url"));
        put(attributes, "kapso.isNewConversation", Json.text(payload, "is_new_conversation"));
        if (batchIndex >= 0) {
            attributes.put("kapso.batchIndex", Integer.toString(batchIndex));
        }
        return attributes;
    }

    private static InboundMessageReceived inbound(String business, JsonNode message, JsonNode conversation,
            WebhookContext context, Map<String, String> attributes) {
        var identifiers = new CustomerIdentifiers(
                Optional.ofNullable(Json.text(message, "from")).orElse(Json.text(conversation, "wa_id")),
                Json.text(conversation, "phone_number"), null, null,
                Json.text(conversation, "business_scoped_user_id"),
                Json.text(conversation, "parent_business_scoped_user_id"), Json.text(conversation, "username"),
                Json.text(conversation, "contact_id"));
        InboundMessageReceived m = MetaMessages.toInbound(business, Channel.KAPSO, message, identifiers,
                Json.firstText(conversation, "contact_name", "profile_name"), context, attributes,
                Json.text(conversation, "id"));
        if (m.text() != null || attributes.get("kapso.content") == null) {
            return m;
        }
        // Kapso renders media and other types as text ("content"); a reader needs it when Meta's fields have none.
        return new InboundMessageReceived(m.businessId(), m.channel(), m.providerMessageId(), m.from(),
                m.profileName(), m.sentAt(), m.receivedAt(), m.messageType(), attributes.get("kapso.content"),
                m.media(), m.replyToProviderMessageId(), m.fromBusiness(), m.webhookId(), m.rawJson(), m.location(),
                m.attributes(), m.providerConversationId());
    }

    private static DeliveryStatusReported status(String business, DeliveryState state, JsonNode message,
            JsonNode conversation, WebhookContext context, Map<String, String> attributes) {
        JsonNode history = message.path("kapso").path("statuses");
        JsonNode latest = history.isArray() && !history.isEmpty() ? history.get(history.size() - 1)
                : message.path("__none__");
        List<ProviderError> errors = new ArrayList<>();
        JsonNode errorNodes = message.path("errors").isArray() ? message.path("errors") : latest.path("errors");
        for (JsonNode error : errorNodes) {
            errors.add(new ProviderError(error.path("code").asInt(0), Json.text(error, "title"),
                    Json.text(error, "message"), Json.text(error.path("error_data"), "details")));
        }
        put(attributes, "conversation.id", Json.text(latest.path("conversation"), "id"));
        String recipient = Optional.ofNullable(Json.text(message, "to"))
                .or(() -> Optional.ofNullable(Json.text(latest, "recipient_id")))
                .or(() -> Optional.ofNullable(Json.text(conversation, "phone_number")))
                .orElse(Json.text(conversation, "business_scoped_user_id"));
        return new DeliveryStatusReported(business, Channel.KAPSO, Json.text(message, "id"), state,
                Json.epochSeconds(latest.has("timestamp") ? latest.path("timestamp") : message.path("timestamp"),
                        context.receivedAt()),
                recipient, Json.firstText(latest, "biz_opaque_callback_data"), errors,
                Json.text(latest.path("pricing"), "category"), context.webhookId(), attributes);
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
