package io.leadline.ingest.meta;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Location;
import io.leadline.contracts.ingest.Media;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.WebhookContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One Cloud API message object ({@code messages[]}) as an inbound event, for every type Meta documents; a type it
 * does not model keeps its raw JSON. Kapso's v2 payloads carry the same object, so Kapso uses this too.
 */
public final class MetaMessages {

    private static final List<String> MEDIA_TYPES = List.of("image", "audio", "video", "document", "sticker");

    private MetaMessages() {
    }

    public static InboundMessageReceived toInbound(String business, Channel channel, JsonNode message,
            CustomerIdentifiers from, String profileName, WebhookContext context, Map<String, String> extra,
            String providerConversationId) {
        String type = Optional.ofNullable(Json.text(message, "type")).orElse("unknown");
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        String text = details(type, message, attributes);
        context(message, attributes);
        referral(message.path("referral"), attributes);
        return new InboundMessageReceived(business, channel, Json.text(message, "id"), from, profileName,
                Json.epochSeconds(message.path("timestamp"), context.receivedAt()), context.receivedAt(), type, text,
                media(type, message), replyTo(type, message), false, context.webhookId(), message.toString(),
                location(type, message), attributes, providerConversationId);
    }

    /** The text a person would read, and the type's own details as attributes. */
    private static String details(String type, JsonNode message, Map<String, String> attributes) {
        JsonNode body = message.path(type);
        switch (type) {
            case "text":
                return Json.text(body, "body");
            case "button":
                put(attributes, "button.payload", Json.text(body, "payload"));
                return Json.text(body, "text");
            case "interactive":
                return interactive(body, attributes);
            case "reaction":
                put(attributes, "reaction.emoji", Json.text(body, "emoji"));
                attributes.put("reaction.removed", Boolean.toString(Json.text(body, "emoji") == null));
                return Json.text(body, "emoji");
            case "location":
                put(attributes, "location.url", Json.text(body, "url"));
                return Optional.ofNullable(Json.text(body, "name")).orElse(Json.text(body, "address"));
            case "contacts":
                return sharedContacts(message.path("contacts"), attributes);
            case "order":
                return order(body, attributes);
            case "system":
                put(attributes, "system.type", Json.text(body, "type"));
                put(attributes, "system.newWaId", Json.firstText(body, "wa_id", "new_wa_id"));
                put(attributes, "system.identity", Json.text(body, "identity"));
                return Json.text(body, "body");
            default:
                if (MEDIA_TYPES.contains(type)) {
                    if (body.path("voice").asBoolean(false)) {
                        attributes.put("audio.voice", "true");
                    }
                    put(attributes, "sticker.animated", Json.text(body, "animated"));
                    return Json.text(body, "caption");
                }
                // unknown, unsupported, request_welcome, …: the raw JSON is kept; say why Meta did not model it
                JsonNode error = message.path("errors").path(0);
                put(attributes, "error.code", Json.text(error, "code"));
                put(attributes, "error.title", Json.text(error, "title"));
                put(attributes, "error.details", Json.text(error.path("error_data"), "details"));
                return null;
        }
    }

    private static String interactive(JsonNode interactive, Map<String, String> attributes) {
        String kind = Json.text(interactive, "type");
        put(attributes, "interactive.type", kind);
        JsonNode reply = interactive.path(kind == null ? "button_reply" : kind);
        put(attributes, "interactive.id", Json.text(reply, "id"));
        put(attributes, "interactive.description", Json.text(reply, "description"));
        put(attributes, "interactive.responseJson", Json.text(reply, "response_json"));
        return Json.firstText(reply, "title", "body");
    }

    private static String sharedContacts(JsonNode contacts, Map<String, String> attributes) {
        List<String> names = new ArrayList<>();
        int index = 0;
        for (JsonNode contact : contacts) {
            String name = Json.text(contact.path("name"), "formatted_name");
            put(attributes, "contacts." + index + ".name", name);
            put(attributes, "contacts." + index + ".phone", Json.text(contact.path("phones").path(0), "phone"));
            put(attributes, "contacts." + index + ".waId", Json.text(contact.path("phones").path(0), "wa_id"));
            if (name != null) {
                names.add(name);
            }
            index++;
        }
        attributes.put("contacts.count", Integer.toString(index));
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static String order(JsonNode order, Map<String, String> attributes) {
        put(attributes, "order.catalogId", Json.text(order, "catalog_id"));
        List<String> items = new ArrayList<>();
        for (JsonNode item : order.path("product_items")) {
            items.add(Json.text(item, "product_retailer_id") + " x" + Json.text(item, "quantity") + " @ "
                    + Json.text(item, "item_price") + " " + Json.text(item, "currency"));
        }
        attributes.put("order.items", String.join("; ", items));
        return Json.text(order, "text");
    }

    private static void context(JsonNode message, Map<String, String> attributes) {
        JsonNode context = message.path("context");
        put(attributes, "context.from", Json.text(context, "from"));
        put(attributes, "context.forwarded", Json.text(context, "forwarded"));
        put(attributes, "context.frequentlyForwarded", Json.text(context, "frequently_forwarded"));
        put(attributes, "context.productRetailerId",
                Json.text(context.path("referred_product"), "product_retailer_id"));
    }

    private static void referral(JsonNode referral, Map<String, String> attributes) {
        for (String field : List.of("source_url", "source_id", "source_type", "headline", "body", "media_type",
                "image_url", "video_url", "thumbnail_url", "ctwa_clid")) {
            put(attributes, "referral." + field, Json.text(referral, field));
        }
    }

    private static Media media(String type, JsonNode message) {
        if (!MEDIA_TYPES.contains(type)) {
            return null;
        }
        JsonNode media = message.path(type);
        return new Media(Json.text(media, "id"), Json.text(media, "mime_type"), Json.text(media, "caption"),
                Json.text(media, "filename"), Json.text(media, "sha256"));
    }

    private static Location location(String type, JsonNode message) {
        JsonNode location = message.path("location");
        if (!"location".equals(type) || !location.has("latitude")) {
            return null;
        }
        return new Location(location.path("latitude").asDouble(), location.path("longitude").asDouble(),
                Json.text(location, "name"), Json.text(location, "address"));
    }

    private static String replyTo(String type, JsonNode message) {
        return "reaction".equals(type) ? Json.text(message.path("reaction"), "message_id")
                : Json.text(message.path("context"), "id");
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
