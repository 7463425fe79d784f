package io.leadline.testkit.whatsapp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The faults the simulator injects into its next send requests, in order: {@code plan.next(2, Fault.serverError())}
 * makes the next two sends answer 500, after which the simulator behaves normally again. Thread-safe; each
 * request takes at most one fault.
 */
public final class FaultPlan {

    private final Deque<Fault> pending = new ArrayDeque<>();
    private final java.util.Map<String, Deque<Fault>> byRecipient = new java.util.HashMap<>();
    private final java.util.List<Share> shares = new java.util.ArrayList<>();
    private java.util.Random random = new java.util.Random();

    private record Share(double share, Fault fault) {
    }

    /** Appends {@code times} occurrences of the fault after those already planned. */
    public synchronized FaultPlan next(int times, Fault fault) {
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative");
        }
        for (int i = 0; i < times; i++) {
            pending.addLast(fault);
        }
        return this;
    }

    public synchronized FaultPlan next(Fault fault) {
        return next(1, fault);
    }

    /**
     * The fault for the next send request to this recipient only: a test that shares the simulator with other
     * traffic (a late retry of another test's send) gets its fault where it meant it. Taken before the general plan.
     */
    public synchronized FaultPlan nextTo(String to, Fault fault) {
        byRecipient.computeIfAbsent(to, recipient -> new ArrayDeque<>()).addLast(fault);
        return this;
    }

    /** How many faults are still planned. */
    public synchronized int remaining() {
        return pending.size();
    }

    /**
     * From now on, a random {@code share} (0 to 1) of the send requests that no planned fault takes get this fault:
     * {@code share(0.10, Fault.serverError())} fails one send in ten, for a whole run. Shares add up.
     */
    public synchronized FaultPlan share(double share, Fault fault) {
        double total = shares.stream().mapToDouble(Share::share).sum() + share;
        if (share < 0 || total > 1) {
            throw new IllegalArgumentException("shares must be between 0 and 1 in all");
        }
        shares.add(new Share(share, fault));
        return this;
    }

    /** Makes the shares' dice repeatable. */
    public synchronized FaultPlan seed(long seed) {
        random = new java.util.Random(seed);
        return this;
    }

    public synchronized void clear() {
        pending.clear();
        byRecipient.clear();
        shares.clear();
    }

    synchronized Optional<Fault> take(String to) {
        Deque<Fault> own = byRecipient.get(to);
        if (own != null && !own.isEmpty()) {
            return Optional.of(own.pollFirst());
        }
        Fault planned = pending.pollFirst();
        if (planned != null || shares.isEmpty()) {
            return Optional.ofNullable(planned);
        }
        double roll = random.nextDouble();
        for (Share share : shares) {
            roll -= share.share();
            if (roll < 0) {
                return Optional.of(share.fault());
            }
        }
        return Optional.empty();
    }
}
