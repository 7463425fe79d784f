package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.trace.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One claimed send: the call and the class of what came back. The rules, the token and the place in flight were
 * settled before the claim, so nothing here waits before the request is written; a send that can no longer start
 * in time (the dispatcher is stopping, or its claim is older than the write deadline) is given back unattempted.
 */
@Component
class SendAttempt {

    private static final Logger log = LoggerFactory.getLogger(SendAttempt.class);

    private final WhatsAppClient whatsApp;
    private final GatewayClient gateways;
    private final OutboundProperties.Retry retry;

    SendAttempt(WhatsAppClient whatsApp, GatewayClient gateways, OutboundProperties properties) {
        this.whatsApp = whatsApp;
        this.gateways = gateways;
        this.retry = properties.retry();
    }

    /** Never throws: every way a send can end is an outcome. */
    SendOutcome make(ClaimedSend send, BooleanSupplier dispatching) {
        try (var trace = Traces.continueOrStart(send.traceparent())) {
            if (!dispatching.getAsBoolean()) {
                return new SendOutcome.NotAttempted(send, "the dispatcher stopped before the request was written");
            }
            if (System.nanoTime() - send.writeBy() > 0) {
                // Too late to keep the conversation's spacing that the claim reserved: claim it again instead.
                return new SendOutcome.NotAttempted(send, "the request did not start within the write deadline");
            }
            return call(send);
        }
    }

    private SendOutcome call(ClaimedSend send) {
        Instant requestedAt = Instant.now();
        try {
            String wamid = send.throughGateway()
                    ? gateways.sendText(send.gatewayInstance(), send.recipient(), send.text())
                    : whatsApp.sendText(send.phoneNumberId(), send.recipient(), send.text(), Long.toString(send.id()));
            return new SendOutcome.Sent(send, wamid, requestedAt);
        } catch (WhatsAppSendException failure) {
            log.warn("Send {} attempt {}: {}", send.id(), send.attempts(), failure.getMessage());
            return switch (failure.kind()) {
                case AMBIGUOUS -> new SendOutcome.Unknown(send, "AMBIGUOUS: " + failure.getMessage());
                case NOT_REACHED -> retry(send, failure, Backoff.after(send.attempts(), retry.backoff()));
                case REFUSED -> switch (ErrorClass.of(failure.httpStatus(), failure.errorCode())) {
                    case RETRYABLE -> retry(send, failure, Backoff.after(send.attempts(), retry.backoff()));
                    // WhatsApp refuses anything sooner, so the configured back-off is a floor here.
                    case PAIR_RATE_LIMITED -> retry(send, failure,
                            Backoff.atLeast(send.attempts(), retry.pairRateLimitBackoff()));
                    case PERMANENT -> new SendOutcome.Failed(send, "REFUSED: " + failure.getMessage(),
                            failure.errorCode());
                };
            };
        } catch (RuntimeException unexpected) {
            // Nothing says whether the request left: treat it as possibly sent, and never repeat it automatically.
            log.error("Send {} attempt {} failed unexpectedly: {}", send.id(), send.attempts(), unexpected.toString());
            return new SendOutcome.Unknown(send, "UNEXPECTED: " + unexpected.getClass().getSimpleName());
        }
    }

    private static SendOutcome.Retry retry(ClaimedSend send, WhatsAppSendException failure, Duration delay) {
        return new SendOutcome.Retry(send, failure.kind() + ": " + failure.getMessage(), failure.errorCode(), delay);
    }
}
