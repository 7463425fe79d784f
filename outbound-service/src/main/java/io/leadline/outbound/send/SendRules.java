package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules a send must pass before it may be claimed: WhatsApp's 24-hour window, a number (or a gateway) to send
 * from, someone to send to. Checked at claim time, so a row that breaks one goes from PENDING to FAILED without ever
 * being SENDING.
 */
final class SendRules {

    static final String WINDOW_CLOSED = "WINDOW_CLOSED";
    static final String NO_GATEWAY = "NO_GATEWAY";

    private SendRules() {
    }

    /** Why the send must not be made, or null when it may. */
    static String broken(ClaimedSend send, Duration window, Instant now, OutboundProperties.Gateway gateways) {
        if (send.lastInboundAt() == null || send.lastInboundAt().plus(window).isBefore(now)) {
            return WINDOW_CLOSED + ": the customer's last message is "
                    + (send.lastInboundAt() == null ? "unknown" : "older than " + window);
        }
        return send.throughGateway() ? brokenForGateway(send, gateways) : brokenForCloudApi(send);
    }

    private static String brokenForCloudApi(ClaimedSend send) {
        if (send.phoneNumberId() == null) {
            return "NO_PHONE_NUMBER_ID for business " + send.businessId();
        }
        if (send.recipient().address() == null) {
            return "NO_RECIPIENT: neither a phone nor a business-scoped id";
        }
        return null;
    }

    /** A reply to someone who wrote through a gateway can only go back through that gateway. */
    private static String brokenForGateway(ClaimedSend send, OutboundProperties.Gateway gateways) {
        if (send.gatewayInstance() == null || send.gatewayInstance().isBlank()) {
            return NO_GATEWAY + ": the reply is for a gateway conversation whose gateway instance is unknown";
        }
        if (gateways.instance(send.gatewayInstance()).isEmpty()) {
            return NO_GATEWAY + ": no gateway is configured for instance " + send.gatewayInstance()
                    + " (leadline.outbound.gateway.base-url or .instances." + send.gatewayInstance() + ".base-url)";
        }
        if (send.recipient().gatewayAddress() == null) {
            return "NO_RECIPIENT: neither a phone nor a linked id (@lid) a gateway can send to";
        }
        return null;
    }
}
