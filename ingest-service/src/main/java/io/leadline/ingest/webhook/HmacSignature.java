package io.leadline.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC signatures of raw webhook bytes (never of re-serialized JSON), compared in constant time. */
public final class HmacSignature {

    public static final String SHA256 = "HmacSHA256";
    public static final String SHA512 = "HmacSHA512";

    private HmacSignature() {
    }

    public static String hex(byte[] body, String secret, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** True when {@code given} (hex, with an optional {@code sha256=} prefix) is the HMAC-SHA256 of the body. */
    public static boolean matches(byte[] body, String secret, String given) {
        return matches(body, secret, given, SHA256);
    }

    public static boolean matches(byte[] body, String secret, String given, String algorithm) {
        if (given == null || secret == null || secret.isEmpty()) {
            return false;
        }
        String candidate = given.trim().toLowerCase(Locale.ROOT);
        int prefix = candidate.indexOf('=');
        if (prefix >= 0 && candidate.startsWith("sha")) {
            candidate = candidate.substring(prefix + 1);
        }
        return MessageDigest.isEqual(hex(body, secret, algorithm).getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time equality of two secrets (Evolution API's {@code apikey}). */
    public static boolean sameSecret(String expected, String given) {
        if (expected == null || expected.isEmpty() || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
