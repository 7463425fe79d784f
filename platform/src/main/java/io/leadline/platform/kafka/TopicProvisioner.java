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

    private final KafkaAdmin admin;
    private ScheduledExecutorService executor;
    private volatile boolean provisioned;

    TopicProvisioner(KafkaAdmin admin) {
        this.admin = admin;
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
            provisioned = admin.initialize();
            if (provisioned) {
                executor.shutdown();
            }
        } catch (RuntimeException e) {
            log.warn("Could not create the Kafka topics yet, retrying every {}: {}", RETRY_INTERVAL, e.toString());
        }
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
