package io.leadline.ingest.webhook;

import org.springframework.http.HttpStatus;

/** A webhook refused with a reason the sender can act on; answered as problem+json. */
class WebhookRejected extends RuntimeException {

    private final HttpStatus status;

    WebhookRejected(HttpStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static WebhookRejected badSignature() {
        return new WebhookRejected(HttpStatus.UNAUTHORIZED, "The signature is missing or does not match the body.");
    }

    static WebhookRejected wrongVerifyToken() {
        return new WebhookRejected(HttpStatus.FORBIDDEN, "The verify token does not match.");
    }

    static WebhookRejected malformed(String why) {
        return new WebhookRejected(HttpStatus.BAD_REQUEST, why);
    }
}
