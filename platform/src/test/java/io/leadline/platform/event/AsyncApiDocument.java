package io.leadline.platform.event;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.platform.consumer.DeadLetterHeaders;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * docs/asyncapi.yaml, derived from the contracts themselves (topics, event records, their golden samples) so it
 * cannot drift from the code: {@link AsyncApiDocumentTest} fails when the committed file differs.
 */
final class AsyncApiDocument {

    /** What each topic is keyed by (the contract of ordering), and who writes it. */
    private static final Map<String, String[]> KEYS = Map.of(
            Topics.WEBHOOKS_RAW, new String[] {"businessId (or the source when unrouted)", "ingest-service"},
            Topics.INBOUND, new String[] {"businessId:senderRef", "ingest-service"},
            Topics.STATUS, new String[] {"businessId:recipientRef", "ingest-service"},
            Topics.IDENTITY, new String[] {"the canonical conversation key", "identity-service"},
            Topics.CONVERSATION, new String[] {"conversationId", "conversation-service"},
            Topics.REPLY_INTENTS, new String[] {"conversationId", "ai-orchestrator"},
            Topics.OUTBOUND, new String[] {"conversationId", "outbound-service"},
            Topics.UNROUTED, new String[] {"the provider's number id", "ingest-service"},
            Topics.OPS_TASKS, new String[] {"businessId", "every service"});

    private final Function<Class<? extends LeadlineEvent>, Object> example;
    private final Map<String, Object> schemas = new LinkedHashMap<>();

    AsyncApiDocument(Function<Class<? extends LeadlineEvent>, Object> example) {
        this.example = example;
    }

    Map<String, Object> build() {
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            String channel = channelName(topic);
            Map<String, Object> channelMessages = new LinkedHashMap<>();
            for (Class<? extends LeadlineEvent> type : EventTypes.all()) {
                if (EventTypes.topicOf(type).equals(topic)) {
                    messages.put(type.getSimpleName(), message(type, topic));
                    channelMessages.put(type.getSimpleName(), ref("#/components/messages/" + type.getSimpleName()));
                }
            }
            channels.put(channel, map("address", topic,
                    "description", "Key: " + KEYS.get(topic)[0] + ". Written by " + KEYS.get(topic)[1] + ".",
                    "messages", channelMessages,
                    "bindings", map("kafka", map("topic", topic, "partitions", 12, "bindingVersion", "0.5.0"))));
            operations.put("publish" + Character.toUpperCase(channel.charAt(0)) + channel.substring(1), map(
                    "action", "send", "channel", ref("#/channels/" + channel),
                    "summary", KEYS.get(topic)[1] + " publishes " + topic,
                    "messages", channelMessages.keySet().stream()
                            .map(name -> ref("#/channels/" + channel + "/messages/" + name)).toList()));
        }
        channels.put("deadLetters", map("address", "{topic}" + Topics.DEAD_LETTER_SUFFIX,
                "description", "A record a consumer could not process after its bounded retries: the original key, "
                        + "value and headers, plus the reason headers.",
                "parameters", map("topic", map("enum", Topics.ALL, "description", "The original topic")),
                "messages", map("DeadLetter", ref("#/components/messages/DeadLetter"))));
        messages.put("DeadLetter", map("name", "dead letter", "headers", deadLetterHeaders(),
                "payload", map("description", "The original record's value, unchanged")));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", map("title", "Leadline events", "version", "1",
                "description", "Every Kafka topic Leadline writes: its key, its events and their headers. Generated "
                        + "from the contracts module by platform's AsyncApiDocumentTest; do not edit by hand. "
                        + "Versioning: events only gain optional fields; a breaking change is a new topic version."));
        document.put("defaultContentType", "application/json");
        document.put("servers", map("local", map("host", "127.0.0.1:9092", "protocol", "kafka",
                "description", "The local stack's in-process broker")));
        document.put("channels", channels);
        document.put("operations", operations);
        document.put("components", map("messages", messages, "schemas", schemas,
                "messageTraits", map("CloudEvent", map("headers", cloudEventHeaders()))));
        return document;
    }

    private Map<String, Object> message(Class<? extends LeadlineEvent> type, String topic) {
        schema(type);
        return map("name", EventTypes.nameOf(type),
                "title", type.getSimpleName(),
                "traits", List.of(ref("#/components/messageTraits/CloudEvent")),
                "payload", ref("#/components/schemas/" + type.getSimpleName()),
                "bindings", map("kafka", map("key", map("type", "string", "description", KEYS.get(topic)[0]),
                        "bindingVersion", "0.5.0")),
                "examples", List.of(map("name", "v1", "payload", example.apply(type))));
    }

    private Object schema(Type type) {
        if (type instanceof ParameterizedType generic) {
            Type[] args = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                return map("type", "array", "items", schema(args[0]));
            }
            if (generic.getRawType() == Map.class) {
                return map("type", "object", "additionalProperties", schema(args[1]));
            }
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return map("type", "string");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return map("type", "integer");
        }
        if (raw == double.class || raw == Double.class || raw == java.math.BigDecimal.class) {
            return map("type", "number");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return map("type", "boolean");
        }
        if (raw == byte[].class) {
            return map("type", "string", "contentEncoding", "base64");
        }
        if (raw == Instant.class) {
            return map("type", "string", "format", "date-time");
        }
        if (raw == LocalDate.class) {
            return map("type", "string", "format", "date");
        }
        if (raw == UUID.class) {
            return map("type", "string", "format", "uuid");
        }
        if (raw.isEnum()) {
            return map("type", "string", "enum", Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList());
        }
        if (raw.isRecord()) {
            if (!schemas.containsKey(raw.getSimpleName())) {
                Map<String, Object> properties = new LinkedHashMap<>();
                schemas.put(raw.getSimpleName(), map("type", "object", "properties", properties));
                for (RecordComponent component : raw.getRecordComponents()) {
                    properties.put(component.getName(), schema(component.getGenericType()));
                }
            }
            return ref("#/components/schemas/" + raw.getSimpleName());
        }
        if (raw == Object.class || raw.getName().startsWith("tools.jackson")) {
            return map("description", "Any JSON value");
        }
        throw new IllegalStateException("No JSON schema mapping for " + raw.getName() + "; add one here");
    }

    private static Map<String, Object> cloudEventHeaders() {
        return map("type", "object", "properties", map(
                CloudEventHeaders.ID, map("type", "string", "description", "The event id; consumers record it to skip redeliveries"),
                CloudEventHeaders.TYPE, map("type", "string", "description", "The event type, e.g. leadline.identity.ContactsMerged"),
                CloudEventHeaders.SOURCE, map("type", "string", "description", "The service that wrote it"),
                CloudEventHeaders.TIME, map("type", "string", "format", "date-time"),
                CloudEventHeaders.SPEC_VERSION, map("type", "string", "const", CloudEventHeaders.SPEC_VERSION_1),
                CloudEventHeaders.CONTENT_TYPE, map("type", "string", "const", CloudEventHeaders.JSON),
                CloudEventHeaders.TRACEPARENT, map("type", "string",
                        "description", "W3C trace context, carried from the webhook to the WhatsApp call")));
    }

    private static Map<String, Object> deadLetterHeaders() {
        List<String> names = List.of(DeadLetterHeaders.REASON, DeadLetterHeaders.EXCEPTION, DeadLetterHeaders.CONSUMER,
                DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.ORIGINAL_OFFSET,
                DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.DEAD_LETTERED_AT);
        Map<String, Object> properties = new LinkedHashMap<>();
        names.forEach(name -> properties.put(name, map("type", "string")));
        return map("type", "object", "properties", properties);
    }

    private static String channelName(String topic) {
        String middle = topic.substring("leadline.".length(), topic.lastIndexOf('.'));
        String[] parts = middle.split("[.-]");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }

    private static Map<String, Object> ref(String pointer) {
        return map("$ref", pointer);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
