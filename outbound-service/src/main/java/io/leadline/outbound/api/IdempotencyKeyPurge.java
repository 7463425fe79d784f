package io.leadline.outbound.api;

import io.leadline.outbound.OutboundProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes Idempotency-Keys past their retention, in bounded chunks; a reused expired key is taken over anyway. */
@Component
class IdempotencyKeyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final int CHUNK = 5_000;

    private final JdbcClient jdbc;
    private final Duration retention;
    private ScheduledExecutorService scheduler;

    IdempotencyKeyPurge(JdbcClient jdbc, OutboundProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.idempotency().retention();
    }

    int purge() {
        int purged = 0;
        int chunk;
        do {
            chunk = jdbc.sql("""
                    DELETE FROM idempotency_key WHERE idempotency_key IN (
                        SELECT idempotency_key FROM idempotency_key
                        WHERE created_at < now() - make_interval(secs => :seconds) LIMIT :chunk)
                    """)
                    .param("seconds", retention.toSeconds())
                    .param("chunk", CHUNK)
                    .update();
            purged += chunk;
        } while (chunk == CHUNK);
        return purged;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("idempotency-key-purge").daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Idempotency-Key purge failed, will retry: {}", e.toString());
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
