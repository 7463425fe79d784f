package io.leadline.outbound.send;

import java.util.Set;

/**
 * How an error answer from WhatsApp is treated, decided by Meta's error {@code code} (never by its message text),
 * and by the HTTP status only when there is no code.
 */
enum ErrorClass {

    /** Not sent; try again with back-off. */
    RETRYABLE,
    /** Not sent; 131056, too many messages to one user: try again after the longer back-off. */
    PAIR_RATE_LIMITED,
    /** Not sent and never will be as it stands: FAILED at once. */
    PERMANENT;

    // 1 and 2: unknown / temporarily unavailable; 4: app rate limit; 131000: something went wrong;
    // 131016: service unavailable; 130429: throughput limit; 80007: WABA rate limit.
    private static final Set<Integer> RETRYABLE_CODES = Set.of(1, 2, 4, 131000, 131016, 130429, 80007);
    private static final int PAIR_RATE_LIMIT = 131056;

    static ErrorClass of(int httpStatus, Integer code) {
        if (code != null) {
            if (code == PAIR_RATE_LIMIT) {
                return PAIR_RATE_LIMITED;
            }
            if (RETRYABLE_CODES.contains(code)) {
                return RETRYABLE;
            }
            // Every other code is a verdict on this message (131047 window, 131026 undeliverable, 131048 spam,
            // 131049 marketing limit, 132xxx templates, 100 parameters, 190 / 10 / 200 auth): repeating cannot help.
            return PERMANENT;
        }
        return httpStatus == 429 || httpStatus >= 500 ? RETRYABLE : PERMANENT;
    }
}
