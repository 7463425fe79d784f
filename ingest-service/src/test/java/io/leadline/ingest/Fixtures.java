package io.leadline.ingest;

import io.leadline.ingest.webhook.Businesses;
import io.leadline.ingest.webhook.WebhookContext;
import io.leadline.platform.PlatformProperties;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Provider payloads from {@code src/test/resources/webhooks}, and the routing the tests configure. */
public final class Fixtures {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Instant RECEIVED_AT = Instant.parse("2026-11-21T10:00:00.123456Z");
    public static final Businesses BUSINESSES = new Businesses(
            new PlatformProperties(null, null, null, null, null, List.of(
                    new PlatformProperties.Business("demo-id", "15550000001", "ID"),
                    new PlatformProperties.Business("demo-il", "15550000002", "IL"))),
            new IngestProperties(null, null, 0, null, null,
                    new IngestProperties.Gateway("gw-secret", Map.of("evo-jakarta", "demo-id", "waha-tlv", "demo-il")),
                    null));

    private Fixtures() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/webhooks/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String path) {
        return JSON.readTree(bytes(path));
    }

    /** A Meta webhook whose first message has no id (unreadable) and whose second, {@code wamid}, is readable. */
    public static byte[] metaPartlyUnreadable(String waId, String wamid, String text) {
        Map<String, Object> noId = Map.of("from", waId, "timestamp", "1763719500", "type", "text",
                "text", Map.of("body", "pesan tanpa id"));
        Map<String, Object> readable = Map.of("from", waId, "id", wamid, "timestamp", "1763719501", "type", "text",
                "text", Map.of("body", text));
        return MetaWebhooks.envelope(Map.of("messaging_product", "whatsapp",
                "metadata", Map.of("display_phone_number", "15550000001", "phone_number_id", "15550000001"),
                "contacts", List.of(Map.of("profile", Map.of("name", "Ayu"), "wa_id", waId)),
                "messages", List.of(noId, readable)));
    }

    public static WebhookContext context(Map<String, String> headers) {
        return new WebhookContext("webhook-1", RECEIVED_AT, headers, BUSINESSES);
    }

    public static WebhookContext context() {
        return context(Map.of());
    }
}
