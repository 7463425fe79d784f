package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import java.time.Instant;

/**
 * A row the dispatcher marked SENDING and now owns.
 *
 * @param attempts       this attempt's number (counted when it was claimed)
 * @param lastInboundAt  the customer's last message, as the intent or the conversation last reported it
 */
record ClaimedSend(long id, String businessId, long conversationId, String dedupeKey, String replyType,
        String questionKey, String text, Recipient recipient, String traceparent, int attempts,
        Instant lastInboundAt) {
}
