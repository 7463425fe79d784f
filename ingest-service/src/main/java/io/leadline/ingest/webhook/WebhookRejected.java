package io.leadline.ingest.webhook;

import io.leadline.contracts.Channel;
import org.springframework.http.HttpStatus;

/** A webhook refused with a reason the sender can act on; answered as problem+json and counted by reason. */
public class WebhookRejected extends RuntimeException {

    private final HttpStatus status;
    private final String reason;
    private final Channel source;

    WebhookRejected(HttpStatus status, String reason, Channel source, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.source = source;
    }

    public HttpStatus status() {
        return status;
    }

    /** The metric tag: bad_signature, malformed_json, too_large, unsupported_media_type, … */
    public String reason() {
        return reason;
    }

    public Channel source() {
        return source;
    }

    public static WebhookRejected badSignature(Channel source) {
        return new WebhookRejected(HttpStatus.UNAUTHORIZED, "bad_signature", source,
                "The signature is missing or does not match the body.");
    }

    public static WebhookRejected wrongVerifyToken() {
        return new WebhookRejected(HttpStatus.FORBIDDEN, "wrong_verify_token", Channel.META_CLOUD,
                "The verify token does not match.");
    }

    public static WebhookRejected malformedJson(Channel source) {
        return new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed_json", source, "The body is not valid JSON.");
    }

    public static WebhookRejected tooLarge(Channel source, long limit) {
        return new WebhookRejected(HttpStatus.CONTENT_TOO_LARGE, "too_large", source,
                "The body is larger than " + limit + " bytes.");
    }

    public static WebhookRejected unsupportedMediaType(Channel source) {
        return new WebhookRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", source,
                "Webhooks are accepted as application/json only.");
    }

    public static WebhookRejected overloaded(Channel source) {
        return new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", source,
                "Too many webhooks are waiting for the event log; retry later.");
    }
}
