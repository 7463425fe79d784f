package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import io.leadline.ingest.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads a webhook request: JSON only, never more than the size limit into memory, and the headers worth archiving
 * (signatures, idempotency keys, provider event names).
 */
@Component
public class WebhookBodies {

    private static final Set<String> ARCHIVED_HEADERS = Set.of("content-type", "user-agent", "x-hub-signature-256",
            "x-webhook-signature", "x-idempotency-key", "x-webhook-event", "x-webhook-batch",
            "x-webhook-payload-version", "x-webhook-hmac", "x-webhook-hmac-algorithm", "x-webhook-request-id",
            "x-webhook-timestamp");

    private final long limit;

    WebhookBodies(IngestProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    public byte[] read(HttpServletRequest request, Channel source) {
        if (!isJson(request.getContentType())) {
            throw WebhookRejected.unsupportedMediaType(source);
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw WebhookRejected.tooLarge(source, limit);
        }
        try (InputStream in = request.getInputStream()) {
            // A declared length is read into an array of that size (the container never passes more); only a chunked
            // body grows through 16 KiB buffers up to the limit. Every webhook paid for those buffers before.
            int toRead = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, limit + 1);
            byte[] body = in.readNBytes(toRead);
            if (body.length > limit) {
                throw WebhookRejected.tooLarge(source, limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the webhook body", e);
        }
    }

    /** The headers a replay or an audit needs, lower-case names. */
    public static Map<String, String> archivedHeaders(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (ARCHIVED_HEADERS.contains(lower)) {
                headers.put(lower, request.getHeader(name));
            }
        }
        return headers;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.includes(type) || type.getSubtype().endsWith("+json");
        } catch (RuntimeException invalid) {
            return false;
        }
    }
}
