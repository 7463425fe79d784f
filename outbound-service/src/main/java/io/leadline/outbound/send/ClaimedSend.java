package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;

/** A row the dispatcher marked SENDING and now owns. */
record ClaimedSend(long id, String businessId, long conversationId, String dedupeKey, String replyType,
        String questionKey, String text, Recipient recipient, String traceparent, int attempts) {
}
