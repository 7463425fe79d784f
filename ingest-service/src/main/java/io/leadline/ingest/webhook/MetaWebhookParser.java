package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Media;
import io.leadline.contracts.ingest.ProviderError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Meta WhatsApp Cloud API webhook: every {@code entry[].changes[].value}, every message and status in
 * it. A message type Leadline does not model is kept with its raw JSON.
 */
class MetaWebhookParser {

    private static final List<String> MEDIA_TYPES = List.of("image", "audio", "video", "document", "sticker");

    private final JsonMapper json;
    private final Function<String, Optional<String>> businessByPhoneNumberId;

    MetaWebhookParser(JsonMapper json, Function<String, Optional<String>> businessByPhoneNumberId) {
        this.json = json;
        this.businessByPhoneNumberId = businessByPhoneNumberId;
    }

    ParsedWebhook parse(byte[] body, String webhookId, Instant receivedAt) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (RuntimeException e) {
            throw WebhookRejected.malformed("The body is not JSON.");
        }
        if (root == null || !root.path("entry").isArray()) {
            throw WebhookRejected.malformed("A WhatsApp webhook has an entry array.");
        }
        List<InboundMessageReceived> messages = new ArrayList<>();
        List<DeliveryStatusReported> statuses = new ArrayList<>();
        int unrouted = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                Optional<String> business = businessByPhoneNumberId.apply(
                        value.path("metadata").path("phone_number_id").asString(""));
                if (business.isEmpty()) {
                    unrouted++;
                    continue;
                }
                Map<String, JsonNode> contacts = contactsByWaId(value.path("contacts"));
                for (JsonNode message : value.path("messages")) {
                    messages.add(message(business.get(), message, contacts, value.path("contacts"), webhookId,
                            receivedAt));
                }
                for (JsonNode status : value.path("statuses")) {
                    status(business.get(), status, webhookId).ifPresent(statuses::add);
                }
            }
        }
        return new ParsedWebhook(messages, statuses, unrouted);
    }

    private InboundMessageReceived message(String business, JsonNode message, Map<String, JsonNode> contacts,
            JsonNode allContacts, String webhookId, Instant receivedAt) {
        String id = message.path("id").asString(null);
        if (id == null || id.isBlank()) {
            throw WebhookRejected.malformed("A message has no id.");
        }
        String from = text(message, "from");
        JsonNode contact = from != null && contacts.containsKey(from) ? contacts.get(from)
                : allContacts.size() == 1 ? allContacts.get(0) : json.createObjectNode();
        String type = message.path("type").asString("unknown");
        var identifiers = new CustomerIdentifiers(from != null ? from : text(contact, "wa_id"), null, null, null,
                text(contact, "user_id"), text(contact, "parent_user_id"),
                Optional.ofNullable(text(contact, "username")).orElse(text(contact.path("profile"), "username")),
                null);
        return new InboundMessageReceived(business, Channel.META_CLOUD, id, identifiers,
                text(contact.path("profile"), "name"), epochSeconds(message.path("timestamp"), receivedAt), receivedAt,
                type, readableText(type, message), media(type, message), replyTo(type, message), false, webhookId,
                message.toString(), null, Map.of(), null);
    }

    private Optional<DeliveryStatusReported> status(String business, JsonNode status, String webhookId) {
        DeliveryState state;
        try {
            state = DeliveryState.valueOf(status.path("status").asString("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notADeliveryState) {
            return Optional.empty();
        }
        List<ProviderError> errors = new ArrayList<>();
        for (JsonNode error : status.path("errors")) {
            errors.add(new ProviderError(error.path("code").asInt(0), text(error, "title"), text(error, "message"),
                    text(error.path("error_data"), "details")));
        }
        return Optional.of(new DeliveryStatusReported(business, Channel.META_CLOUD, text(status, "id"), state,
                epochSeconds(status.path("timestamp"), Instant.now()), text(status, "recipient_id"),
                text(status, "biz_opaque_callback_data"), errors, text(status.path("pricing"), "category"),
                webhookId, Map.of()));
    }

    private static String readableText(String type, JsonNode message) {
        JsonNode interactive = message.path("interactive");
        return switch (type) {
            case "text" -> text(message.path("text"), "body");
            case "button" -> text(message.path("button"), "text");
            case "interactive" -> Optional.ofNullable(text(interactive.path("button_reply"), "title"))
                    .orElse(text(interactive.path("list_reply"), "title"));
            case "reaction" -> text(message.path("reaction"), "emoji");
            case "location" -> Optional.ofNullable(text(message.path("location"), "name"))
                    .orElse(text(message.path("location"), "address"));
            default -> MEDIA_TYPES.contains(type) ? text(message.path(type), "caption") : null;
        };
    }

    private static Media media(String type, JsonNode message) {
        if (!MEDIA_TYPES.contains(type)) {
            return null;
        }
        JsonNode media = message.path(type);
        return new Media(text(media, "id"), text(media, "mime_type"), text(media, "caption"), text(media, "filename"),
                text(media, "sha256"));
    }

    private static String replyTo(String type, JsonNode message) {
        return "reaction".equals(type) ? text(message.path("reaction"), "message_id")
                : text(message.path("context"), "id");
    }

    private static Map<String, JsonNode> contactsByWaId(JsonNode contacts) {
        Map<String, JsonNode> byWaId = new HashMap<>();
        for (JsonNode contact : contacts) {
            String waId = text(contact, "wa_id");
            if (waId != null) {
                byWaId.put(waId, contact);
            }
        }
        return byWaId;
    }

    private static Instant epochSeconds(JsonNode timestamp, Instant fallback) {
        String value = timestamp.asString("");
        return value.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(value)) : fallback;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
