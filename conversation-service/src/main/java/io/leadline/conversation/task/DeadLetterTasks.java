package io.leadline.conversation.task;

import io.leadline.platform.consumer.DeadLetterHeaders;
import io.leadline.platform.event.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dead letter becomes a task of type {@code DEAD_LETTER}, one per event and failing consumer: the same event
 * dead-lettered again (re-driven before its cause was fixed) counts on the same task.
 */
@Service
class DeadLetterTasks {

    static final String TYPE = "DEAD_LETTER";
    private static final String UNKNOWN_BUSINESS = "unknown";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Tasks tasks;
    private final JdbcClient jdbc;

    DeadLetterTasks(Tasks tasks, JdbcClient jdbc) {
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    @Transactional
    public void record(List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            String position = record.topic() + "-" + record.partition() + "@" + record.offset();
            // A dead letter seen again after a crash (its offset was not committed) must not count twice.
            boolean firstTime = jdbc.sql("""
                    INSERT INTO processed_event (consumer, event_id) VALUES ('conversation.dead-letters', :position)
                    ON CONFLICT DO NOTHING
                    """).param("position", position).update() == 1;
            if (!firstTime) {
                continue;
            }
            Map<String, String> headers = headers(record);
            String eventId = headers.getOrDefault(CloudEventHeaders.ID,
                    record.topic() + "-" + record.partition() + "@" + record.offset());
            String consumer = headers.getOrDefault(DeadLetterHeaders.CONSUMER, "unknown consumer");
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("deadLetter", position);
            evidence.put("eventType", headers.getOrDefault(CloudEventHeaders.TYPE, "unknown"));
            evidence.put("consumer", consumer);
            evidence.put("exception", headers.getOrDefault(DeadLetterHeaders.EXCEPTION, ""));
            evidence.put("originalPosition", headers.getOrDefault(DeadLetterHeaders.ORIGINAL_TOPIC, "?") + "-"
                    + headers.getOrDefault(DeadLetterHeaders.ORIGINAL_PARTITION, "?") + "@"
                    + headers.getOrDefault(DeadLetterHeaders.ORIGINAL_OFFSET, "?"));
            JsonNode body = parse(record.value());
            tasks.upsert(new Tasks.NewTask(text(body, "businessId", UNKNOWN_BUSINESS), TYPE,
                    consumer + ":" + eventId, number(body, "conversationId"), number(body, "contactId"),
                    headers.getOrDefault(DeadLetterHeaders.REASON, "no reason recorded"), evidence, Instant.now(),
                    new Tasks.DeadLetterPosition(record.topic(), record.partition(), record.offset())));
        }
    }

    /** The original event's body, when it is JSON at all (a dead letter may be exactly the bytes that were not). */
    private static JsonNode parse(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || !value.isString() ? fallback : value.asString();
    }

    private static Long number(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || !value.isNumber() ? null : value.asLong();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
