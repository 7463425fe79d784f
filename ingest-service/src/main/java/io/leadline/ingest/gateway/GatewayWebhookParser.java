package io.leadline.ingest.gateway;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.ingest.webhook.Json;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import io.leadline.ingest.webhook.WebhookContext;
import io.leadline.ingest.webhook.WebhookParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Reads a WhatsApp-Web gateway body (Evolution API, WAHA or a raw Baileys bridge), routed to a business by its
 * instance or session name. Events other than messages and acknowledgements (connection, presence, QR codes) are
 * archived only, and so is group traffic ({@code @g.us}).
 */
public class GatewayWebhookParser implements WebhookParser {

    private static final Map<String, DeliveryState> EVOLUTION_STATUSES = Map.of(
            "SERVER_ACK", DeliveryState.SENT, "2", DeliveryState.SENT,
            "DELIVERY_ACK", DeliveryState.DELIVERED, "3", DeliveryState.DELIVERED,
            "READ", DeliveryState.READ, "4", DeliveryState.READ, "PLAYED", DeliveryState.READ, "5", DeliveryState.READ,
            "ERROR", DeliveryState.FAILED, "0", DeliveryState.FAILED);

    @Override
    public ParsedWebhook parse(JsonNode root, WebhookContext context) {
        GatewayFlavour flavour = GatewayFlavour.of(root)
                .orElseThrow(() -> new UnparseableWebhook("not an Evolution API, WAHA or Baileys webhook body"));
        String instance = flavour.instance(root);
        Optional<String> business = context.businesses().byGatewayInstance(instance);
        if (business.isEmpty()) {
            return new ParsedWebhook(null, List.of(), List.of(), List.of(instance), List.of());
        }
        String event = Optional.ofNullable(Json.text(root, "event")).orElse("messages.upsert")
                .toLowerCase(Locale.ROOT).replace('_', '.');
        List<InboundMessageReceived> messages = new ArrayList<>();
        List<DeliveryStatusReported> statuses = new ArrayList<>();
        List<String> archivedOnly = new ArrayList<>();
        // The instance travels with each message: a reply goes back through the gateway instance it came from.
        Map<String, String> extra = Map.of("gateway", flavour.name().toLowerCase(Locale.ROOT), "gateway.event", event,
                InboundMessageReceived.GATEWAY_INSTANCE, instance);
        switch (flavour) {
            case EVOLUTION -> {
                if (event.equals("messages.upsert") || event.equals("send.message")) {
                    each(root.path("data"), wa -> route(WaMessages.chat(wa), archivedOnly,
                            () -> WaMessages.toInbound(business.get(), wa, context, extra), messages));
                } else if (event.equals("messages.update")) {
                    each(root.path("data"), update -> route(evolutionChat(update), archivedOnly,
                            () -> evolutionStatus(business.get(), update, context), statuses));
                }
            }
            case WAHA -> {
                JsonNode payload = root.path("payload");
                if (event.equals("message") || event.equals("message.any") || event.equals("message.reaction")) {
                    route(WahaMessages.chat(payload), archivedOnly,
                            () -> WahaMessages.toInbound(business.get(), event, payload, context, extra), messages);
                } else if (event.equals("message.ack")) {
                    route(WahaMessages.chat(payload), archivedOnly,
                            () -> WahaMessages.toStatus(business.get(), payload, context), statuses);
                }
            }
            case BAILEYS -> each(root.path("messages"), wa -> route(WaMessages.chat(wa), archivedOnly,
                    () -> WaMessages.toInbound(business.get(), wa, context, extra), messages));
        }
        return new ParsedWebhook(business.get(), messages, statuses, List.of(), List.of(), archivedOnly);
    }

    /**
     * Group traffic stays in the archive, counted: a group is not a person, and routing it would make a 1:1
     * conversation (and an automatic reply) out of a group chat.
     */
    private static <T> void route(String chat, List<String> archivedOnly, Supplier<Optional<T>> parse, List<T> into) {
        if (Jids.isGroup(chat)) {
            archivedOnly.add(ParsedWebhook.GROUP);
        } else {
            parse.get().ifPresent(into::add);
        }
    }

    private static String evolutionChat(JsonNode update) {
        return Optional.ofNullable(Json.text(update, "remoteJid")).orElse(Json.text(update.path("key"), "remoteJid"));
    }

    private static void each(JsonNode objectOrArray, java.util.function.Consumer<JsonNode> action) {
        if (objectOrArray.isArray()) {
            objectOrArray.forEach(action);
        } else if (objectOrArray.isObject()) {
            action.accept(objectOrArray);
        }
    }

    private static Optional<DeliveryStatusReported> evolutionStatus(String business, JsonNode update,
            WebhookContext context) {
        String id = Optional.ofNullable(Json.text(update, "keyId")).orElse(Json.text(update.path("key"), "id"));
        String status = Optional.ofNullable(Json.text(update, "status"))
                .orElse(Json.text(update.path("update"), "status"));
        DeliveryState state = status == null ? null : EVOLUTION_STATUSES.get(status.toUpperCase(Locale.ROOT));
        if (id == null || state == null) {
            return Optional.empty();
        }
        String chat = evolutionChat(update);
        return Optional.of(new DeliveryStatusReported(business, Channel.GATEWAY, id, state, context.receivedAt(),
                chat == null ? null : Jids.person(chat).senderRef(), null, List.of(), null, context.webhookId(),
                Map.of("gateway", "evolution")));
    }
}
