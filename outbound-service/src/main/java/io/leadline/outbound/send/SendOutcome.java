package io.leadline.outbound.send;

import java.time.Duration;
import java.time.Instant;

/** What became of one claimed send; the dispatcher records each as soon as it is known. */
sealed interface SendOutcome {

    ClaimedSend send();

    /** WhatsApp accepted it. */
    record Sent(ClaimedSend send, String wamid, Instant requestedAt) implements SendOutcome {
    }

    /** Not sent, and safe to try again after the delay (if attempts remain). */
    record Retry(ClaimedSend send, String reason, Integer errorCode, Duration delay) implements SendOutcome {
    }

    /** Will not be sent: WhatsApp refused it, or a rule before sending did. */
    record Failed(ClaimedSend send, String reason, Integer errorCode) implements SendOutcome {
    }

    /** The request may have reached WhatsApp, but no answer came back: never re-sent automatically. */
    record Unknown(ClaimedSend send, String reason) implements SendOutcome {
    }

    /** Its request was never started (the dispatcher stopped, or the claim went stale): PENDING again, uncounted. */
    record NotAttempted(ClaimedSend send, String reason) implements SendOutcome {
    }
}
