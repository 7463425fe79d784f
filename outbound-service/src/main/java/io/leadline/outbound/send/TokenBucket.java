package io.leadline.outbound.send;

import java.util.function.LongSupplier;

/**
 * Paces sends from one business phone number: {@code ratePerSecond} tokens a second, at most one second's worth
 * stored, so the service waits for its tier instead of collecting 130429s. One bucket per number and process.
 * Never blocks: a send takes its token before it is claimed, so no claimed row ever waits for one.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    TokenBucket(int ratePerSecond, LongSupplier nanoClock) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = ratePerSecond;
        this.nanoClock = nanoClock;
        this.tokens = ratePerSecond;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes a token if one is there; otherwise returns how many nanoseconds until one will be. */
    synchronized long tryTake() {
        long wait = nanosUntilToken();
        if (wait == 0) {
            tokens -= 1;
        }
        return wait;
    }

    /** How many nanoseconds until a token is there (0: one is there now), without taking it. */
    synchronized long nanosUntilToken() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    /** Returns a token taken for a send that was then not claimed. */
    synchronized void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }
}
