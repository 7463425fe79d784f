package io.leadline.outbound.send;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces sends from one business phone number: {@code ratePerSecond} tokens a second, at most one second's worth
 * stored, so the service waits for its tier instead of collecting 130429s. One bucket per number and process.
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
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    /** Waits for a token. */
    void take() throws InterruptedException {
        long wait;
        while ((wait = tryTake()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
