package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbound log holds. Each worker waits for a place among the calls in flight, claims the due rows
 * that places and tokens allow (SENDING, committed), starts their calls and goes on to claim more as places free
 * up (under a backlog it waits up to {@code claim-linger} for a share of the places, so that a claim is not one row
 * per transaction); an {@link OutcomeRecorder} records each outcome as it comes back, so a slow or failing call never
 * holds back or discards its neighbours'.
 * Woken by each committed intent, with a poll as the safety net, or when the next token is due. On shutdown it
 * stops claiming, puts back the claimed sends it had not started, waits a grace period for calls in flight, then
 * abandons them: they come back interrupted and are recorded UNKNOWN, because the request may have left.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final SendClaims claims;
    private final SendAttempt attempt;
    private final Outcomes outcomes;
    private final DispatchSignal signal;
    private final SendGate gate;
    private final OutboundProperties.Dispatcher settings;
    private final int claimTarget;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private ExecutorService calls;
    private OutcomeRecorder recorder;

    Dispatcher(SendClaims claims, SendAttempt attempt, Outcomes outcomes, DispatchSignal signal, SendGate gate,
            OutboundProperties properties) {
        this.claims = claims;
        this.attempt = attempt;
        this.outcomes = outcomes;
        this.signal = signal;
        this.gate = gate;
        this.settings = properties.dispatcher();
        // Every worker can gather its target at once.
        this.claimTarget = Math.max(1, Math.min(settings.batchSize(),
                properties.graph().maxConcurrentRequests() / Math.max(1, settings.workers())));
    }

    private void run() {
        Duration wait = Duration.ZERO;
        while (running) {
            try {
                signal.await(wait);
                wait = settings.pollInterval();
                SendClaims.Claim claim = round(false);
                while (running && claim.full() && claim.progressed()) {
                    claim = round(true);
                }
                if (claim.nanosToToken() > 0) {
                    wait = Duration.ofNanos(Math.min(wait.toNanos(), claim.nanosToToken()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed: {}", e.toString());
            }
        }
    }

    /** @param backlog the last claim left due rows behind: worth waiting a moment for places to claim them with */
    private SendClaims.Claim round(boolean backlog) throws InterruptedException {
        if (!gate.acquirePlace(settings.pollInterval())) {
            return SendClaims.Claim.NONE; // every place is taken: calls coming back free them
        }
        // Places free one by one as calls come back: claimed at once, a backlog goes out one row per transaction.
        int more = backlog ? gate.acquirePlaces(claimTarget - 1, settings.claimLinger()) : 0;
        ClaimBudget budget = new ClaimBudget(gate, 1 + more);
        if (!running) {
            budget.refund();
            return SendClaims.Claim.NONE;
        }
        SendClaims.Claim claim;
        try {
            // Only as many rows as could be sent now are locked: locking writes each row, and the rest would wait.
            int rows = Math.min(settings.batchSize(), 1 + more + gate.freePlaces());
            claim = claims.claimDue(rows, System.nanoTime() + settings.writeDeadline().toNanos(), budget);
        } catch (RuntimeException e) {
            budget.refund();
            throw e;
        }
        budget.settle(claim.sends().size());
        if (claim.full()) {
            signal.wake(); // more are due: let an idle worker claim the next batch meanwhile
        }
        recorder.expect(claim.sends().size());
        claim.sends().forEach(this::start);
        return claim;
    }

    private void start(ClaimedSend send) {
        try {
            calls.execute(() -> {
                SendOutcome outcome;
                try {
                    outcome = attempt.make(send, () -> running);
                } catch (RuntimeException | Error unexpected) {
                    // Every call must come back with an outcome, or the recorder would wait for it forever.
                    outcome = new SendOutcome.Unknown(send, "UNEXPECTED: " + unexpected);
                } finally {
                    gate.releasePlaces(1);
                }
                recorder.add(outcome);
            });
        } catch (RejectedExecutionException stopped) {
            gate.releasePlaces(1);
            recorder.add(new SendOutcome.NotAttempted(send, "the dispatcher stopped before the request was written"));
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Dispatcher disabled: this instance accepts intents but sends nothing");
            return;
        }
        running = true;
        calls = Executors.newVirtualThreadPerTaskExecutor();
        recorder = new OutcomeRecorder(outcomes, settings.outcomeLinger(), settings.workers());
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofPlatform().name("outbound-dispatcher-" + i).daemon().start(this::run));
        }
    }

    @Override
    public void stop() {
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        try {
            for (Thread worker : workers) {
                worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            if (recorder != null) {
                recorder.awaitQuiet(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (calls != null) {
            calls.shutdownNow(); // past the grace: the calls still out are abandoned, and come back UNKNOWN
        }
        if (recorder != null) {
            recorder.close(settings.shutdownGrace());
        }
        workers.forEach(Thread::interrupt);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
