package io.leadline.ingest.gateway;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Location;
import io.leadline.contracts.ingest.Media;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.WebhookContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A Baileys {@code WAMessage} ({@code {key, pushName, messageTimestamp, message}}, as Baileys emits it and Evolution
 * API forwards it) as an inbound event. The business's own messages ({@code fromMe}) are outbound messages of the
 * same conversation. Group messages never get here: they are archived only (see {@code GatewayWebhookParser}).
 */
final class WaMessages {

    private static final List<String> WRAPPERS = List.of("ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2",
            "viewOnceMessageV2Extension", "documentWithCaptionMessage", "editedMessage");
    private static final Map<String, String> MEDIA = Map.of("imageMessage", "image", "videoMessage", "video",
            "audioMessage", "audio", "documentMessage", "document", "stickerMessage", "sticker");
    private static final List<String> IGNORED = List.of("protocolMessage", "senderKeyDistributionMessage",
            "messageContextInfo");

    private WaMessages() {
    }

    static Optional<InboundMessageReceived> toInbound(String business, JsonNode wa, WebhookContext context,
            Map<String, String> extra) {
        JsonNode key = wa.path("key");
        String chat = chat(wa);
        String id = Json.text(key, "id");
        if (id == null || chat == null || Jids.isBroadcast(chat) || Jids.isGroup(chat)) {
            return Optional.empty();
        }
        JsonNode message = unwrap(wa.path("message"));
        Optional<String> contentKey = contentKey(message);
        if (contentKey.isEmpty()) {
            return Optional.empty();
        }
        boolean fromMe = key.path("fromMe").asBoolean(false);
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        CustomerIdentifiers from = Jids.person(chat, Json.text(key, "remoteJidAlt"), Json.text(key, "senderPn"),
                Json.text(key, "senderLid"));
        putIf(attributes, "addressingMode", Json.text(key, "addressingMode"));
        String type = contentKey.get();
        JsonNode content = message.path(type);
        String text = text(type, content, attributes);
        JsonNode contextInfo = content.path("contextInfo");
        String replyTo = "reactionMessage".equals(type) ? Json.text(content.path("key"), "id")
                : Json.text(contextInfo, "stanzaId");
        return Optional.of(new InboundMessageReceived(business, Channel.GATEWAY, id, from,
                fromMe ? null : Json.text(wa, "pushName"),
                Json.epochSeconds(wa.path("messageTimestamp"), context.receivedAt()), context.receivedAt(),
                typeName(type), text, media(type, content), replyTo, fromMe, context.webhookId(), wa.toString(),
                location(type, content), attributes, null));
    }

    /** The chat a message belongs to: the customer's address, or a group's. */
    static String chat(JsonNode wa) {
        return Json.text(wa.path("key"), "remoteJid");
    }

    private static JsonNode unwrap(JsonNode message) {
        for (int depth = 0; depth < 4; depth++) {
            JsonNode inner = null;
            for (String wrapper : WRAPPERS) {
                if (message.path(wrapper).path("message").isObject()) {
                    inner = message.path(wrapper).path("message");
                }
            }
            if (inner == null) {
                return message;
            }
            message = inner;
        }
        return message;
    }

    private static Optional<String> contentKey(JsonNode message) {
        return message.propertyNames().stream().filter(name -> !IGNORED.contains(name)).findFirst();
    }

    private static String typeName(String key) {
        return switch (key) {
            case "conversation", "extendedTextMessage" -> "text";
            case "locationMessage", "liveLocationMessage" -> "location";
            case "contactMessage", "contactsArrayMessage" -> "contacts";
            case "reactionMessage" -> "reaction";
            case "buttonsResponseMessage", "listResponseMessage" -> "interactive";
            case "templateButtonReplyMessage" -> "button";
            default -> MEDIA.getOrDefault(key, key.replace("Message", ""));
        };
    }

    private static String text(String key, JsonNode content, Map<String, String> attributes) {
        switch (key) {
            case "conversation":
                return content.asString(null);
            case "extendedTextMessage":
                return Json.text(content, "text");
            case "reactionMessage":
                putIf(attributes, "reaction.emoji", Json.text(content, "text"));
                return Json.text(content, "text");
            case "buttonsResponseMessage":
                attributes.put("interactive.type", "button_reply");
                putIf(attributes, "interactive.id", Json.text(content, "selectedButtonId"));
                return Json.text(content, "selectedDisplayText");
            case "listResponseMessage":
                attributes.put("interactive.type", "list_reply");
                putIf(attributes, "interactive.id", Json.text(content.path("singleSelectReply"), "selectedRowId"));
                return Json.text(content, "title");
            case "templateButtonReplyMessage":
                putIf(attributes, "button.payload", Json.text(content, "selectedId"));
                return Json.text(content, "selectedDisplayText");
            case "contactMessage":
                putIf(attributes, "contacts.0.vcard", Json.text(content, "vcard"));
                return Json.text(content, "displayName");
            case "contactsArrayMessage":
                return Json.text(content, "displayName");
            case "locationMessage", "liveLocationMessage":
                return Optional.ofNullable(Json.text(content, "name")).orElse(Json.text(content, "address"));
            default:
                if ("audioMessage".equals(key) && content.path("ptt").asBoolean(false)) {
                    attributes.put("audio.voice", "true");
                }
                putIf(attributes, "media.url", Json.text(content, "url"));
                return Json.text(content, "caption");
        }
    }

    private static Media media(String key, JsonNode content) {
        if (!MEDIA.containsKey(key)) {
            return null;
        }
        return new Media(Json.firstText(content, "directPath", "url"), Json.text(content, "mimetype"),
                Json.text(content, "caption"), Json.text(content, "fileName"), Json.text(content, "fileSha256"));
    }

    private static Location location(String key, JsonNode content) {
        if (!key.endsWith("ocationMessage") || !content.has("degreesLatitude")) {
            return null;
        }
        return new Location(content.path("degreesLatitude").asDouble(), content.path("degreesLongitude").asDouble(),
                Json.text(content, "name"), Json.text(content, "address"));
    }

    static void putIf(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
