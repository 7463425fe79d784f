package io.leadline.outbound.send;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the dispatcher when an intent commits, so a reply goes out at once rather than at the next poll. */
@Component
class DispatchSignal {

    private final Semaphore permits = new Semaphore(0);

    void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    void await(Duration timeout) throws InterruptedException {
        permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        permits.drainPermits();
    }
}
