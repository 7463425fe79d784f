package io.leadline.ai.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a model's answer strictly: exactly {@code {replyType, questionKey, text, extractedFields}}, nothing
 * missing, nothing extra, every value of the right type, every key one of the script's. Anything else is a
 * fallback with its reason, never a half-understood reply sent to a customer.
 */
final class ProposalParser {

    static final int MAX_TEXT_LENGTH = 1_000;
    private static final Set<String> PROPERTIES = Set.of("replyType", "questionKey", "text", "extractedFields");

    private final JsonMapper json;

    ProposalParser(JsonMapper json) {
        this.json = json;
    }

    /** Thrown with the reason the answer cannot be used. */
    static final class Rejected extends RuntimeException {

        final FallbackReason reason;

        Rejected(FallbackReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    Proposal parse(String content, FlowContext context) {
        JsonNode root;
        try {
            root = json.readTree(content == null ? "" : content);
        } catch (JacksonException notJson) {
            throw new Rejected(FallbackReason.INVALID_JSON, "the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw violation("the answer is not a JSON object");
        }
        if (!Set.copyOf(root.propertyNames()).equals(PROPERTIES)) {
            throw violation("properties " + root.propertyNames() + " are not " + PROPERTIES);
        }
        ReplyType type = replyType(root.get("replyType"));
        String key = nullableString(root.get("questionKey"), "questionKey");
        String text = string(root.get("text"), "text");
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw violation("text is blank or longer than " + MAX_TEXT_LENGTH);
        }
        Map<String, String> extracted = extractedFields(root.get("extractedFields"), context.allKeys());
        if (type == ReplyType.HANDOVER) {
            if (key != null) {
                throw violation("a hand-over has no questionKey");
            }
            return new Proposal(type, null, text, extracted);
        }
        if (key == null || !context.allKeys().contains(key)) {
            throw violation("questionKey is not a question of the script");
        }
        if (!context.mayAsk(key) || extracted.containsKey(key)) {
            throw new Rejected(FallbackReason.REPEATED_QUESTION, "question " + key + " was asked or answered");
        }
        return new Proposal(type, key, text, extracted);
    }

    private static ReplyType replyType(JsonNode node) {
        String value = string(node, "replyType");
        if (!value.equals("QUESTION") && !value.equals("HANDOVER")) {
            throw violation("replyType must be QUESTION or HANDOVER");
        }
        return ReplyType.valueOf(value);
    }

    private static Map<String, String> extractedFields(JsonNode node, List<String> keys) {
        if (node == null || !node.isObject()) {
            throw violation("extractedFields is not an object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            if (!keys.contains(name)) {
                throw violation("extractedFields has a field the script does not ask for");
            }
            String value = nullableString(node.get(name), "extractedFields." + name);
            if (value != null && !value.isBlank()) {
                if (value.length() > MAX_TEXT_LENGTH) {
                    throw violation("extractedFields." + name + " is too long");
                }
                fields.put(name, value.strip());
            }
        }
        return fields;
    }

    private static String string(JsonNode node, String name) {
        if (node == null || !node.isString()) {
            throw violation(name + " must be a string");
        }
        return node.asString();
    }

    private static String nullableString(JsonNode node, String name) {
        return node == null || node.isNull() ? null : string(node, name);
    }

    private static Rejected violation(String detail) {
        return new Rejected(FallbackReason.SCHEMA_VIOLATION, detail);
    }
}
