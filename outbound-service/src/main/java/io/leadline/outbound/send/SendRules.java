package io.leadline.outbound.send;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules a send must pass before it may be claimed: WhatsApp's 24-hour window, a number to send from, someone to
 * send to. Checked at claim time, so a row that breaks one goes from PENDING to FAILED without ever being SENDING.
 */
final class SendRules {

    static final String WINDOW_CLOSED = "WINDOW_CLOSED";

    private SendRules() {
    }

    /** Why the send must not be made, or null when it may. */
    static String broken(ClaimedSend send, Duration window, Instant now) {
        if (send.lastInboundAt() == null || send.lastInboundAt().plus(window).isBefore(now)) {
            return WINDOW_CLOSED + ": the customer's last message is "
                    + (send.lastInboundAt() == null ? "unknown" : "older than " + window);
        }
        if (send.phoneNumberId() == null) {
            return "NO_PHONE_NUMBER_ID for business " + send.businessId();
        }
        if (send.recipient().address() == null) {
            return "NO_RECIPIENT: neither a phone nor a business-scoped id";
        }
        return null;
    }
}
