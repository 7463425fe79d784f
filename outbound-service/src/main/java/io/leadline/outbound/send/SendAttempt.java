package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.trace.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One claimed send: the rules before it (24-hour window, a number to send from, someone to send to, the number's
 * token bucket), the call, and the class of what came back.
 */
@Component
class SendAttempt {

    private static final Logger log = LoggerFactory.getLogger(SendAttempt.class);

    private final WhatsAppClient whatsApp;
    private final PlatformProperties platform;
    private final OutboundProperties.Pacing pacing;
    private final OutboundProperties.Retry retry;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Semaphore inFlight;

    SendAttempt(WhatsAppClient whatsApp, PlatformProperties platform, OutboundProperties properties) {
        this.whatsApp = whatsApp;
        this.platform = platform;
        this.pacing = properties.pacing();
        this.retry = properties.retry();
        this.inFlight = new Semaphore(properties.graph().maxConcurrentRequests());
    }

    SendOutcome make(ClaimedSend send) throws InterruptedException {
        try (var trace = Traces.continueOrStart(send.traceparent())) {
            Instant now = Instant.now();
            if (send.lastInboundAt() == null || send.lastInboundAt().plus(pacing.window()).isBefore(now)) {
                return new SendOutcome.Failed(send, Outcomes.WINDOW_CLOSED + ": the customer's last message is "
                        + (send.lastInboundAt() == null ? "unknown" : "older than " + pacing.window()), null);
            }
            String phoneNumberId = platform.business(send.businessId())
                    .map(PlatformProperties.Business::metaPhoneNumberId)
                    .orElse(null);
            if (phoneNumberId == null) {
                return new SendOutcome.Failed(send, "NO_PHONE_NUMBER_ID for business " + send.businessId(), null);
            }
            if (send.recipient().address() == null) {
                return new SendOutcome.Failed(send, "NO_RECIPIENT: neither a phone nor a business-scoped id", null);
            }
            buckets.computeIfAbsent(phoneNumberId, id -> new TokenBucket(pacing.messagesPerSecond(),
                    System::nanoTime)).take();
            inFlight.acquire();
            try {
                return call(send, phoneNumberId);
            } finally {
                inFlight.release();
            }
        }
    }

    private SendOutcome call(ClaimedSend send, String phoneNumberId) {
        Instant requestedAt = Instant.now();
        try {
            String wamid = whatsApp.sendText(phoneNumberId, send.recipient(), send.text(), Long.toString(send.id()));
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
        }
    }

    private static SendOutcome.Retry retry(ClaimedSend send, WhatsAppSendException failure, Duration delay) {
        return new SendOutcome.Retry(send, failure.kind() + ": " + failure.getMessage(), failure.errorCode(), delay);
    }
}
