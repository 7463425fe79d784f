package io.leadline.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures of raw webhook bytes, compared in constant time. */
final class HmacSignature {

    private HmacSignature() {
    }

    static String hex(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True when {@code given} (hex, with an optional {@code sha256=} prefix) is the signature of the body. */
    static boolean matches(byte[] body, String secret, String given) {
        if (given == null || secret == null || secret.isEmpty()) {
            return false;
        }
        String candidate = given.trim().toLowerCase(Locale.ROOT);
        if (candidate.startsWith("sha256=")) {
            candidate = candidate.substring("sha256=".length());
        }
        return MessageDigest.isEqual(hex(body, secret).getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }
}
