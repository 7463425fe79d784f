package io.leadline.outbound.send;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 of (conversation, reply type, normalized question key, inbound message id or the UTC day): two intents
 * with the same key are the same send, so only the first is ever made.
 */
final class DedupeKey {

    private DedupeKey() {
    }

    static String of(long conversationId, String replyType, String questionKey, Long inboundMessageId, Instant now) {
        String anchor = inboundMessageId != null ? "inbound:" + inboundMessageId
                : "day:" + now.atZone(ZoneOffset.UTC).toLocalDate();
        String material = String.join("|", Long.toString(conversationId), replyType.toUpperCase(Locale.ROOT),
                normalize(questionKey), anchor);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalize(String questionKey) {
        return questionKey == null ? "" : questionKey.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
    }
}
