package io.leadline.platform.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 in Kafka binary mode: the attributes travel as {@code ce_*} headers and the record value is
 * the JSON data. The W3C {@code traceparent} travels beside them so one trace id follows a message from the
 * webhook to the WhatsApp call.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_1 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** The headers of a new event, in the order they are written. */
    public static Map<String, String> of(String id, String type, String source, Instant time, String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TYPE, type);
        headers.put(SOURCE, source);
        headers.put(TIME, time.toString());
        headers.put(SPEC_VERSION, SPEC_VERSION_1);
        headers.put(CONTENT_TYPE, JSON);
        if (traceparent != null) {
            headers.put(TRACEPARENT, traceparent);
        }
        return headers;
    }

    public static void write(Headers target, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            target.remove(name);
            if (value != null) {
                target.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** The last value of a header as text, or null. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every header as text (later values of a repeated name win). */
    public static Map<String, String> readAll(Headers headers) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Header header : headers) {
            all.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return all;
    }

    public static Instant parseTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
