package io.leadline.ingest.webhook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The arrival time of each webhook: wall-clock microseconds, but strictly increasing in this instance, so two
 * webhooks never share a time and an event's arrival sequence ({@code receivedAt} in micros × 1000 + its
 * position in the webhook) orders them. A replay recomputes the same sequence from the archived time.
 */
@Component
class ArrivalClock {

    private final AtomicLong lastMicros = new AtomicLong();

    Instant next() {
        Instant now = Instant.now();
        long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        long micros = lastMicros.accumulateAndGet(nowMicros, (last, wall) -> Math.max(last + 1, wall));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static long sequence(Instant receivedAt, int position) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt) * 1000 + Math.min(position, 999);
    }
}
