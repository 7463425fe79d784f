package io.leadline.platform.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the topics at start-up, waiting a bounded time for the broker, and keeps trying in the background
 * when it is not reachable yet: a service can start before Kafka and still never leaves a topic to the broker's
 * auto-creation defaults.
 */
class TopicProvisioner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private static final long LEADER_POLL_MILLIS = 50;

    private final KafkaAdmin admin;
    private final String[] topics;
    private ScheduledExecutorService executor;
    private volatile boolean provisioned;

    TopicProvisioner(KafkaAdmin admin, String... topics) {
        this.admin = admin;
        this.topics = topics;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("topic-provisioner").daemon()
                .factory());
        Future<?> first = executor.submit(this::provision);
        try {
            first.get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Kafka topics not created within {}; retrying in the background", STARTUP_WAIT);
        }
        if (!provisioned) {
            executor.scheduleWithFixedDelay(this::provision, RETRY_INTERVAL.toMillis(), RETRY_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void provision() {
        if (provisioned) {
            return;
        }
        try {
            provisioned = admin.initialize() && leadersElected();
            if (provisioned) {
                executor.shutdown();
            }
        } catch (RuntimeException e) {
            log.warn("Could not create the Kafka topics yet, retrying every {}: {}", RETRY_INTERVAL, e.toString());
        }
    }

    /**
     * A topic the controller just created has no leader on the broker for a moment. An idempotent producer that
     * sends there at once gets "not leader" answers, retries, and on a fresh broker can meet an out-of-order
     * sequence that fails the send (seen in the benchmarks, which publish as soon as the context is up): so
     * start-up waits, a bounded time, until every partition has its leader.
     */
    private boolean leadersElected() {
        long until = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (System.nanoTime() < until) {
            boolean all = admin.describeTopics(topics).values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null));
            if (all) {
                return true;
            }
            try {
                Thread.sleep(LEADER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    boolean isProvisioned() {
        return provisioned;
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Before the listener containers start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
