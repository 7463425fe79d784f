package io.leadline.ingest.gateway;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
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
 * WAHA's {@code message}, {@code message.any} and {@code message.reaction} payloads as inbound events, and
 * {@code message.ack} as delivery statuses. Addresses are {@code …@c.us}; the engine's raw key ({@code _data.key},
 * NOWEB and GOWS) may add the other form of the same person. Group payloads never get here: they are archived only.
 */
final class WahaMessages {

    private static final Map<String, DeliveryState> ACKS = Map.of("SERVER", DeliveryState.SENT,
            "DEVICE", DeliveryState.DELIVERED, "READ", DeliveryState.READ, "PLAYED", DeliveryState.READ,
            "ERROR", DeliveryState.FAILED);

    private WahaMessages() {
    }

    static Optional<InboundMessageReceived> toInbound(String business, String event, JsonNode payload,
            WebhookContext context, Map<String, String> extra) {
        String id = Json.text(payload, "id");
        boolean fromMe = payload.path("fromMe").asBoolean(false);
        String chat = chat(payload);
        if (id == null || chat == null || Jids.isBroadcast(chat) || Jids.isGroup(chat)) {
            return Optional.empty();
        }
        JsonNode key = payload.path("_data").path("key");
        Map<String, String> attributes = new LinkedHashMap<>(extra);
        CustomerIdentifiers from = Jids.person(chat, Json.text(key, "remoteJidAlt"), Json.text(key, "senderPn"),
                Json.text(key, "senderLid"));
        String type = type(event, payload);
        String text = Json.text(payload, "body");
        String replyTo = Json.text(payload.path("replyTo"), "id");
        if ("reaction".equals(type)) {
            text = Json.text(payload.path("reaction"), "text");
            replyTo = Json.text(payload.path("reaction"), "messageId");
            WaMessages.putIf(attributes, "reaction.emoji", text);
        }
        JsonNode media = payload.path("media");
        WaMessages.putIf(attributes, "media.url", Json.text(media, "url"));
        JsonNode data = payload.path("_data");
        String pushName = Json.firstText(data, "pushName", "notifyName");
        return Optional.of(new InboundMessageReceived(business, Channel.GATEWAY, id, from, fromMe ? null : pushName,
                Json.epochSeconds(payload.path("timestamp"), context.receivedAt()), context.receivedAt(), type, text,
                payload.path("hasMedia").asBoolean(false)
                        ? new Media(Json.text(media, "url"), Json.text(media, "mimetype"), text,
                                Json.text(media, "filename"), null)
                        : null,
                replyTo, fromMe, context.webhookId(), payload.toString(), location(payload), attributes, null));
    }

    /**
     * The chat a payload belongs to: the customer ({@code from}, or {@code to} for the business's own message), or a
     * group, which WAHA names in {@code from} for received messages and in {@code to} for sent ones.
     */
    static String chat(JsonNode payload) {
        String from = Json.text(payload, "from");
        String to = Json.text(payload, "to");
        if (Jids.isGroup(from) || Jids.isGroup(to)) {
            return Jids.isGroup(from) ? from : to;
        }
        return payload.path("fromMe").asBoolean(false) ? to : from;
    }

    private static String type(String event, JsonNode payload) {
        if ("message.reaction".equals(event)) {
            return "reaction";
        }
        if (payload.path("location").isObject()) {
            return "location";
        }
        if (payload.path("vCards").isArray() && !payload.path("vCards").isEmpty()) {
            return "contacts";
        }
        if (payload.path("hasMedia").asBoolean(false)) {
            String mime = Optional.ofNullable(Json.text(payload.path("media"), "mimetype")).orElse("");
            for (String kind : List.of("image", "video", "audio")) {
                if (mime.startsWith(kind + "/")) {
                    return "image".equals(kind) && mime.equals("image/webp") ? "sticker" : kind;
                }
            }
            return "document";
        }
        return "text";
    }

    private static Location location(JsonNode payload) {
        JsonNode location = payload.path("location");
        if (!location.has("latitude")) {
            return null;
        }
        return new Location(location.path("latitude").asDouble(), location.path("longitude").asDouble(),
                Json.text(location, "description"), Json.text(location, "address"));
    }

    static Optional<DeliveryStatusReported> toStatus(String business, JsonNode payload, WebhookContext context) {
        DeliveryState state = ACKS.get(Optional.ofNullable(Json.text(payload, "ackName")).orElse(""));
        String id = Json.text(payload, "id");
        if (state == null || id == null) {
            return Optional.empty();
        }
        String recipient = chat(payload);
        return Optional.of(new DeliveryStatusReported(business, Channel.GATEWAY, id, state,
                Json.epochSeconds(payload.path("timestamp"), context.receivedAt()),
                recipient == null ? null : Jids.person(recipient).senderRef(), null, List.of(), null,
                context.webhookId(), Map.of("gateway", "waha")));
    }
}
