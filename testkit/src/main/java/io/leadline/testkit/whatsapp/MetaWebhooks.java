package io.leadline.testkit.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/** Webhook bodies in the shape Meta's WhatsApp Cloud API posts them, signed the way Meta signs them. */
public final class MetaWebhooks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MetaWebhooks() {
    }

    /** A webhook carrying one text message from a customer. */
    public static byte[] textMessage(String phoneNumberId, String waId, String profileName, String wamid, String text,
            Instant sentAt) {
        Map<String, Object> value = Map.of(
                "messaging_product", "whatsapp",
                "metadata", Map.of("display_phone_number", "15550000000", "phone_number_id", phoneNumberId),
                "contacts", List.of(Map.of("profile", Map.of("name", profileName), "wa_id", waId)),
                "messages", List.of(Map.of(
                        "from", waId,
                        "id", wamid,
                        "timestamp", Long.toString(sentAt.getEpochSecond()),
                        "type", "text",
                        "text", Map.of("body", text))));
        return envelope(value);
    }

    /** Wraps one {@code value} the way Meta does: {@code object}, {@code entry[]}, {@code changes[]}. */
    public static byte[] envelope(Map<String, Object> value) {
        Map<String, Object> body = Map.of(
                "object", "whatsapp_business_account",
                "entry", List.of(Map.of(
                        "id", "102290129340398",
                        "changes", List.of(Map.of("field", "messages", "value", value)))));
        return JSON.writeValueAsBytes(body);
    }

    /** The {@code X-Hub-Signature-256} header value: {@code sha256=} and the HMAC-SHA256 of the raw bytes. */
    public static String signature(byte[] body, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
