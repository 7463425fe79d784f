package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.PlatformProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What a send needs before it may be claimed: a place among the calls in flight ({@code graph.max-concurrent-
 * requests}) and a token from its business number's bucket. Both are taken before the row is marked SENDING and
 * nothing here ever blocks a claimed row, so a crash or a shutdown cannot find a SENDING row that is still queueing
 * for them: a SENDING row is one whose request is being written.
 */
@Component
class SendGate {

    private final PlatformProperties platform;
    private static final String GATEWAY_SENDER = "gateway:";

    private final int messagesPerSecond;
    private final int gatewayMessagesPerSecond;
    private final Semaphore inFlight;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    SendGate(PlatformProperties platform, OutboundProperties properties) {
        this.platform = platform;
        this.messagesPerSecond = properties.pacing().messagesPerSecond();
        this.gatewayMessagesPerSecond = properties.pacing().gatewayMessagesPerSecond();
        this.inFlight = new Semaphore(properties.graph().maxConcurrentRequests());
    }

    /** Waits at most {@code wait} for one place among the calls in flight: a claim starts only when there is one. */
    boolean acquirePlace(Duration wait) throws InterruptedException {
        return inFlight.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits at most {@code wait} for {@code places} more places at once; returns how many it took (all or none). */
    int acquirePlaces(int places, Duration wait) throws InterruptedException {
        if (places <= 0 || wait.isZero()) {
            return 0;
        }
        return inFlight.tryAcquire(places, wait.toNanos(), TimeUnit.NANOSECONDS) ? places : 0;
    }

    boolean tryAcquirePlace() {
        return inFlight.tryAcquire();
    }

    /** Places free right now, beyond those already taken. */
    int freePlaces() {
        return inFlight.availablePermits();
    }

    void releasePlaces(int places) {
        if (places > 0) {
            inFlight.release(places);
        }
    }

    Optional<String> phoneNumberId(String businessId) {
        return platform.business(businessId).map(PlatformProperties.Business::metaPhoneNumberId);
    }

    /**
     * The businesses whose number has no token right now (a claim does not even lock their rows), and how long
     * until the first of them has one again (0 when none waits).
     */
    record Waiting(List<String> businesses, long nanosToToken) {
    }

    Waiting withoutToken() {
        List<String> waiting = new ArrayList<>();
        long soonest = 0;
        for (PlatformProperties.Business business : platform.businesses()) {
            long wait = business.metaPhoneNumberId() == null ? 0
                    : bucket(business.metaPhoneNumberId()).nanosUntilToken();
            if (wait > 0) {
                waiting.add(business.id());
                soonest = soonest == 0 ? wait : Math.min(soonest, wait);
            }
        }
        return new Waiting(waiting, soonest);
    }

    /** Takes a token of the number's bucket; returns 0, or how many nanoseconds until one is there. */
    long tryToken(String phoneNumberId) {
        return bucket(phoneNumberId).tryTake();
    }

    void giveBack(String phoneNumberId) {
        bucket(phoneNumberId).giveBack();
    }

    /** The bucket key of a gateway instance, beside the business numbers' phone number ids. */
    static String gatewaySender(String instance) {
        return GATEWAY_SENDER + instance;
    }

    private TokenBucket bucket(String sender) {
        return buckets.computeIfAbsent(sender, key -> new TokenBucket(
                key.startsWith(GATEWAY_SENDER) ? gatewayMessagesPerSecond : messagesPerSecond, System::nanoTime));
    }
}
