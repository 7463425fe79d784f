package io.leadline.platform.trace;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The W3C trace context of the work this thread is doing. A webhook starts a trace (or continues the
 * sender's); each event carries it in its {@code traceparent} header; consumers continue it; the outbound
 * WhatsApp call sends it on. The trace id is in the log MDC as {@code traceId}, so one grep follows a message.
 */
public final class Traces {

    public static final String MDC_KEY = "traceId";

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Traces() {
    }

    /** The current {@code traceparent}, or null outside any trace. */
    public static String current() {
        return CURRENT.get();
    }

    /** The current trace id (32 hex digits), or null. */
    public static String currentTraceId() {
        String traceparent = CURRENT.get();
        return traceparent == null ? null : traceIdOf(traceparent);
    }

    /**
     * Continues the given trace as a new span, or starts a new trace when it is absent or malformed. Close
     * the scope to restore what was current before.
     */
    public static Scope continueOrStart(String traceparent) {
        String next = isValid(traceparent) ? childOf(traceparent) : newTraceparent();
        return enter(next);
    }

    /** A new span id in the same trace: what an outgoing call or event carries. */
    public static String childOf(String traceparent) {
        var matcher = TRACEPARENT.matcher(traceparent);
        if (!matcher.matches()) {
            return newTraceparent();
        }
        return "00-" + matcher.group(1) + "-" + randomHex(8) + "-" + matcher.group(3);
    }

    public static boolean isValid(String traceparent) {
        if (traceparent == null) {
            return false;
        }
        var matcher = TRACEPARENT.matcher(traceparent.trim());
        return matcher.matches() && !INVALID_TRACE_ID.equals(matcher.group(1));
    }

    public static String traceIdOf(String traceparent) {
        var matcher = TRACEPARENT.matcher(traceparent);
        return matcher.matches() ? matcher.group(1) : null;
    }

    public static String newTraceparent() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    private static Scope enter(String traceparent) {
        String previous = CURRENT.get();
        String previousMdc = MDC.get(MDC_KEY);
        CURRENT.set(traceparent);
        MDC.put(MDC_KEY, traceIdOf(traceparent));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (previousMdc == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previousMdc);
            }
        };
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Restores the previous trace context when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
