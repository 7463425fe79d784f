package io.leadline.outbound.send;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Recipient;
import java.time.Instant;

/**
 * A due row, as a claim reads it; once marked SENDING, a row the dispatcher owns.
 *
 * @param attempts        this attempt's number (counted when it was claimed)
 * @param lastInboundAt   the customer's last message, as the intent or the conversation last reported it
 * @param phoneNumberId   the business number it is sent from, or null when the business has none configured
 * @param channel         what it goes through: {@code GATEWAY} (the gateway instance the customer wrote through) or
 *                        {@code META_CLOUD}
 * @param gatewayInstance the gateway instance, for {@code GATEWAY}
 * @param writeBy         the {@link System#nanoTime()} after which its request may no longer start (0: not claimed)
 */
record ClaimedSend(long id, String businessId, long conversationId, String dedupeKey, String replyType,
        String questionKey, String text, Recipient recipient, String traceparent, int attempts,
        Instant lastInboundAt, String phoneNumberId, Channel channel, String gatewayInstance, long writeBy) {

    /** This row as claimed: one more attempt, to be written before {@code writeBy}. */
    ClaimedSend claimed(long writeBy) {
        return new ClaimedSend(id, businessId, conversationId, dedupeKey, replyType, questionKey, text, recipient,
                traceparent, attempts + 1, lastInboundAt, phoneNumberId, channel, gatewayInstance, writeBy);
    }

    boolean throughGateway() {
        return channel == Channel.GATEWAY;
    }

    /** Whose pace it is sent at: the business number's token bucket, or the gateway instance's. */
    String sender() {
        return throughGateway() ? SendGate.gatewaySender(gatewayInstance) : phoneNumberId;
    }
}
