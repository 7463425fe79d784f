package io.leadline.ingest.webhook;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Lenient reads of provider JSON: absent, null and empty all read as null. */
public final class Json {

    private Json() {
    }

    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        String text = value.asString();
        return text == null || text.isEmpty() ? null : text;
    }

    /** The first non-null of the fields, in order. */
    public static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * A provider timestamp in seconds (Meta and Kapso send a string, gateways a number or Baileys' {@code {low,
     * high}} long); milliseconds are recognised by their size.
     */
    public static Instant epochSeconds(JsonNode timestamp, Instant fallback) {
        if (timestamp == null || timestamp.isMissingNode() || timestamp.isNull()) {
            return fallback;
        }
        long value;
        if (timestamp.isObject() && timestamp.has("low")) {
            value = (timestamp.path("high").asLong(0) << 32) | (timestamp.path("low").asLong(0) & 0xffffffffL);
        } else {
            String text = timestamp.asString("");
            if (!text.matches("\\d{1,16}")) {
                return fallback;
            }
            value = Long.parseLong(text);
        }
        if (value <= 0) {
            return fallback;
        }
        return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }
}
