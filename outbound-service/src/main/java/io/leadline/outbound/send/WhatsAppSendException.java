package io.leadline.outbound.send;

/**
 * A send that did not end with a message id: WhatsApp refused it (with its HTTP status and Meta's error code),
 * it never reached WhatsApp, or its outcome cannot be known.
 */
class WhatsAppSendException extends RuntimeException {

    /** What the caller can conclude about the message. */
    enum Kind {
        /** WhatsApp answered with an error: the message was not accepted. */
        REFUSED,
        /** The request never left (connection refused, connect timeout): the message was not sent. */
        NOT_REACHED,
        /** The request left but no usable answer came back: the message may have been sent. */
        AMBIGUOUS
    }

    private final Kind kind;
    private final int httpStatus;
    private final Integer errorCode;

    WhatsAppSendException(Kind kind, String message, int httpStatus, Integer errorCode, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    Kind kind() {
        return kind;
    }

    int httpStatus() {
        return httpStatus;
    }

    Integer errorCode() {
        return errorCode;
    }
}
