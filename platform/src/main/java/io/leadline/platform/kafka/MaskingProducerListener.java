package io.leadline.platform.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Logs a failed send by topic, partition and a masked key, never the payload. Spring Kafka's default listener logs
 * the whole key and value at ERROR, and Leadline's keys and payloads carry customers' phone numbers
 * ({@code businessId:6281...}); the tenant prefix and the last four characters are enough to find the record.
 */
class MaskingProducerListener implements ProducerListener<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(MaskingProducerListener.class);
    private static final int SHOWN = 4;

    @Override
    public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
        log.error("Send to topic {} partition {} with key {} failed: {}", record.topic(), partition(record, metadata),
                mask(record.key()), exception.toString());
    }

    private static String partition(ProducerRecord<Object, Object> record, RecordMetadata metadata) {
        if (metadata != null && metadata.partition() >= 0) {
            return Integer.toString(metadata.partition());
        }
        return record.partition() == null ? "unassigned" : record.partition().toString();
    }

    /** {@code demo-id:6281312345678} → {@code demo-id:***5678}; a key without a tenant prefix keeps only its end. */
    static String mask(Object key) {
        if (key == null) {
            return "null";
        }
        String text = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : key.toString();
        int colon = text.indexOf(':');
        String tenant = colon < 0 ? "" : text.substring(0, colon + 1);
        if (tenant.matches(".*\\d{5,}.*")) {
            tenant = ""; // a prefix that holds a number may itself be a phone
            colon = -1;
        }
        String rest = text.substring(colon + 1);
        return tenant + "***" + (rest.length() <= SHOWN ? "" : rest.substring(rest.length() - SHOWN));
    }
}
