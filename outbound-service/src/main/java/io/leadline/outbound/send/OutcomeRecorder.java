package io.leadline.outbound.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records outcomes on its own threads as calls come back: whatever came back within the linger of each other shares
 * a transaction, and nothing waits for a slow call. Apart from the workers, so claiming never waits for recording.
 */
final class OutcomeRecorder {

    private static final long IDLE_POLL_MILLIS = 100;

    private final Outcomes outcomes;
    private final long lingerNanos;
    private final BlockingQueue<SendOutcome> done = new LinkedBlockingQueue<>();
    // Calls submitted whose outcome is not recorded yet.
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Object quiet = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;

    OutcomeRecorder(Outcomes outcomes, Duration linger, int threads) {
        this.outcomes = outcomes;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < threads; i++) {
            this.threads.add(Thread.ofPlatform().name("outbound-outcomes-" + i).daemon().start(this::run));
        }
    }

    /** Announces calls about to be made, before they can come back. */
    void expect(int calls) {
        outstanding.addAndGet(calls);
    }

    void add(SendOutcome outcome) {
        done.add(outcome);
    }

    /** Waits until every announced call has its outcome recorded, at most the timeout. */
    void awaitQuiet(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (quiet) {
            long left;
            while (outstanding.get() > 0 && (left = until - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(quiet, left);
            }
        }
    }

    /** Records what is still coming back, within the timeout, then stops. */
    void close(Duration timeout) {
        closing = true;
        try {
            long until = System.nanoTime() + timeout.toNanos();
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            }
            threads.forEach(Thread::interrupt); // each records what has come back so far, then leaves
            for (Thread thread : threads) {
                thread.join(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closing || outstanding.get() > 0) {
            try {
                record(gather());
            } catch (InterruptedException abandoned) {
                // Calls still out stay SENDING: the sweeper settles them, since they may have reached WhatsApp.
                List<SendOutcome> ready = new ArrayList<>();
                done.drainTo(ready);
                record(ready);
                return;
            }
        }
    }

    private List<SendOutcome> gather() throws InterruptedException {
        List<SendOutcome> ready = new ArrayList<>();
        SendOutcome first = done.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return ready;
        }
        ready.add(first);
        long until = System.nanoTime() + lingerNanos;
        while (ready.size() < outstanding.get()) {
            done.drainTo(ready);
            long left = until - System.nanoTime();
            if (ready.size() >= outstanding.get() || left <= 0) {
                break;
            }
            SendOutcome next = done.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            ready.add(next);
        }
        return ready;
    }

    private void record(List<SendOutcome> ready) {
        if (ready.isEmpty()) {
            return;
        }
        outcomes.record(ready);
        if (outstanding.addAndGet(-ready.size()) == 0) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }
}
