package io.leadline.outbound.send;

/** WhatsApp refused a send, or it could not be made: the HTTP status and Meta's error code when there is one. */
class WhatsAppSendException extends RuntimeException {

    private final int httpStatus;
    private final Integer errorCode;

    WhatsAppSendException(String message, int httpStatus, Integer errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    Integer errorCode() {
        return errorCode;
    }
}
