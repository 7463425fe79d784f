package io.leadline.testkit.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook bodies Meta sends about a customer, in the Cloud API's shapes: a text message in whatever form the
 * customer's identifier takes (a phone in any spelling, a business-scoped user id with or without a phone), and the
 * status callbacks of a send. Only the bodies: {@link WebhookDelivery} signs and posts them.
 */
public final class CustomerWebhooks {

    private CustomerWebhooks() {
    }

    /**
     * Who the customer is in this webhook.
     *
     * @param phone    the phone as the webhook spells it ({@code wa_id} and {@code from}), or null when Meta withholds it
     * @param bsuid    the business-scoped user id ({@code user_id}), or null
     * @param username the customer's WhatsApp username, or null
     * @param name     the profile name
     */
    public record Customer(String phone, String bsuid, String username, String name) {

        public static Customer byPhone(String phone, String name) {
            return new Customer(phone, null, null, name);
        }
    }

    /** One inbound text message. */
    public static byte[] text(String phoneNumberId, Customer customer, String wamid, String text, Instant sentAt) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", customer.name());
        if (customer.username() != null) {
            profile.put("username", customer.username());
        }
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("profile", profile);
        Map<String, Object> message = new LinkedHashMap<>();
        if (customer.phone() != null) {
            contact.put("wa_id", customer.phone());
            message.put("from", customer.phone());
        }
        if (customer.bsuid() != null) {
            contact.put("user_id", customer.bsuid());
            message.put("from_user_id", customer.bsuid());
        }
        message.put("id", wamid);
        message.put("timestamp", Long.toString(sentAt.getEpochSecond()));
        message.put("type", "text");
        message.put("text", Map.of("body", text));
        return MetaWebhooks.envelope(value(phoneNumberId, Map.of("contacts", List.of(contact),
                "messages", List.of(message))));
    }

    /**
     * The status callbacks Meta sends for an accepted send, in order: {@code sent}, {@code delivered},
     * {@code read}, each echoing the {@code biz_opaque_callback_data} the sender set.
     */
    public static List<byte[]> statuses(RecordedSend send, List<String> states, Instant at) {
        List<byte[]> bodies = new ArrayList<>();
        for (String state : states) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("id", send.wamid());
            status.put("status", state);
            status.put("timestamp", Long.toString(at.getEpochSecond()));
            status.put("recipient_id", send.to());
            if (send.callbackData() != null) {
                status.put("biz_opaque_callback_data", send.callbackData());
            }
            status.put("conversation", Map.of("id", "CONVERSATION_" + send.to(),
                    "origin", Map.of("type", "service")));
            status.put("pricing", Map.of("billable", false, "pricing_model", "PMP", "category", "service"));
            bodies.add(MetaWebhooks.envelope(value(send.phoneNumberId(), Map.of("statuses", List.of(status)))));
        }
        return bodies;
    }

    private static Map<String, Object> value(String phoneNumberId, Map<String, Object> content) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("messaging_product", "whatsapp");
        value.put("metadata", Map.of("display_phone_number", "15550000000", "phone_number_id", phoneNumberId));
        value.putAll(content);
        return value;
    }
}
