package io.leadline.outbound.send;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: attempt n waits base * 2^(n-1), scaled by a random factor. */
final class Backoff {

    private Backoff() {
    }

    /** Scaled by 50-150 %, so that sends that failed together do not come back together. */
    static Duration after(int attempt, Duration base) {
        return jittered(attempt, base, 0.5);
    }

    /** Scaled by 100-150 %: for a limit the provider enforces, where anything sooner is refused again. */
    static Duration atLeast(int attempt, Duration base) {
        return jittered(attempt, base, 1.0);
    }

    private static Duration jittered(int attempt, Duration base, double from) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 10);
        double jitter = from + ThreadLocalRandom.current().nextDouble() * (1.5 - from);
        return Duration.ofMillis(Math.max(1, (long) Math.ceil(exponential * jitter)));
    }
}
