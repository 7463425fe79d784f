package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbound log holds. Each worker claims a batch (SENDING, committed), makes its calls in parallel,
 * and records the batch's outcomes in one transaction. Woken by each committed intent, with a poll as the safety
 * net. On shutdown it waits a grace period for calls in flight, then abandons them: their rows stay SENDING and
 * the sweeper turns them UNKNOWN, because the request may have left.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final SendClaims claims;
    private final SendAttempt attempt;
    private final Outcomes outcomes;
    private final DispatchSignal signal;
    private final OutboundProperties.Dispatcher settings;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private ExecutorService calls;

    Dispatcher(SendClaims claims, SendAttempt attempt, Outcomes outcomes, DispatchSignal signal,
            OutboundProperties properties) {
        this.claims = claims;
        this.attempt = attempt;
        this.outcomes = outcomes;
        this.signal = signal;
        this.settings = properties.dispatcher();
    }

    private void run() {
        while (running) {
            try {
                signal.await(settings.pollInterval());
                List<ClaimedSend> batch;
                do {
                    batch = claims.claimDue(settings.batchSize());
                    if (batch.size() == settings.batchSize()) {
                        signal.wake(); // more are due: let an idle worker claim the next batch meanwhile
                    }
                    List<SendOutcome> results = sendAll(batch);
                    if (!results.isEmpty()) {
                        outcomes.record(results);
                    }
                } while (running && batch.size() == settings.batchSize());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Dispatcher round failed: {}", e.toString());
            }
        }
    }

    private List<SendOutcome> sendAll(List<ClaimedSend> batch) throws InterruptedException {
        List<Future<SendOutcome>> inFlight = new ArrayList<>(batch.size());
        for (ClaimedSend send : batch) {
            inFlight.add(calls.submit(() -> attempt.make(send)));
        }
        List<SendOutcome> results = new ArrayList<>(batch.size());
        try {
            for (Future<SendOutcome> call : inFlight) {
                results.add(call.get());
            }
        } catch (InterruptedException abandoned) {
            inFlight.forEach(call -> call.cancel(true));
            throw abandoned;
        } catch (ExecutionException unexpected) {
            // SendAttempt turns every failure into an outcome; anything else leaves rows SENDING for the sweeper.
            throw new IllegalStateException("a send failed unexpectedly", unexpected.getCause());
        }
        return results;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Dispatcher disabled: this instance accepts intents but sends nothing");
            return;
        }
        running = true;
        calls = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofPlatform().name("outbound-dispatcher-" + i).daemon().start(this::run));
        }
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        try {
            for (Thread worker : workers) {
                worker.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(Thread::interrupt);
        workers.clear();
        if (calls != null) {
            calls.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
