package io.leadline.outbound.send;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter: attempt n waits base * 2^(n-1), scaled by a random 50-150 %. */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempt, Duration base) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 10);
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (exponential * jitter)));
    }
}
