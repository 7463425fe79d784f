package io.leadline.testkit.whatsapp;

import io.leadline.testkit.whatsapp.CustomerWebhooks.Customer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's customer side: what Meta would send the business's webhook. Customers write messages
 * ({@code POST /sim/customers/{phone}/messages}), and every send the simulator accepts gets its status callbacks
 * (sent, delivered, read), echoing {@code biz_opaque_callback_data} — both as signed webhooks to the ingest, once a
 * webhook target is set.
 */
final class SimulatedCustomers {

    static final String DEFAULT_PHONE_NUMBER_ID = "15550000001";
    private static final List<String> STATUSES = List.of("sent", "delivered", "read");
    private static final int CALLBACK_ATTEMPTS = 40;
    private volatile WebhookDelivery target;

    void target(WebhookDelivery delivery) {
        this.target = delivery;
    }

    /**
     * One or more messages from one customer. {@code phone} is the identifier exactly as the webhook should spell it
     * (digits, {@code +62…}, {@code 0813…}); the request may say {@code text} or {@code texts}, {@code name},
     * {@code bsuid}, {@code username}, {@code withoutPhone} (Meta withholds the phone), {@code phoneNumberId},
     * {@code deliveries} (each webhook that many times), {@code concurrent} and {@code shuffle}.
     */
    Map<String, Object> write(String phone, JsonNode request) {
        WebhookDelivery delivery = target;
        if (delivery == null) {
            throw new IllegalStateException("no webhook target: the simulator does not know the ingest's URL");
        }
        List<String> texts = new ArrayList<>();
        if (request.has("texts")) {
            request.get("texts").forEach(text -> texts.add(text.asString()));
        } else {
            texts.add(request.path("text").asString("Halo"));
        }
        Customer customer = new Customer(request.path("withoutPhone").asBoolean(false) ? null : phone,
                text(request, "bsuid"), text(request, "username"), request.path("name").asString("Customer"));
        String phoneNumberId = request.path("phoneNumberId").asString(DEFAULT_PHONE_NUMBER_ID);
        List<byte[]> bodies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < texts.size(); i++) {
            String wamid = "wamid.CUSTOMER" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
            ids.add(wamid);
            bodies.add(CustomerWebhooks.text(phoneNumberId, customer, wamid, texts.get(i), now.plusSeconds(i)));
        }
        List<Integer> statuses = delivery.deliver(bodies, Math.max(1, request.path("deliveries").asInt(1)),
                request.path("concurrent").asBoolean(false), request.path("shuffle").asBoolean(false));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageIds", ids);
        answer.put("webhookStatuses", statuses);
        return answer;
    }

    /** After an accepted send: its callbacks, in order, each retried like Meta retries until the ingest takes it. */
    void accepted(RecordedSend send) {
        WebhookDelivery delivery = target;
        if (delivery == null) {
            return;
        }
        Thread.ofVirtual().name("sim-status-" + send.wamid()).start(() -> {
            try {
                for (byte[] body : CustomerWebhooks.statuses(send, STATUSES, Instant.now())) {
                    for (int attempt = 1; attempt <= CALLBACK_ATTEMPTS && delivery.post(body) != 200; attempt++) {
                        Thread.sleep(Math.min(5_000, 100L * attempt));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
