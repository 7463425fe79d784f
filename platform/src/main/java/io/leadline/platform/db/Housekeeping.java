package io.leadline.platform.db;

import io.leadline.platform.PlatformProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the platform tables small: purges published outbox rows and remembered event ids past their retention,
 * in bounded chunks so a purge never holds long locks.
 */
class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final int CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final PlatformProperties properties;
    private ScheduledExecutorService scheduler;

    Housekeeping(JdbcClient jdbc, PlatformProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    int purge() {
        int purged = 0;
        int chunk;
        do {
            chunk = jdbc.sql("""
                    DELETE FROM outbox_event WHERE id IN (
                        SELECT id FROM outbox_event
                        WHERE published_at < now() - make_interval(secs => :seconds) LIMIT :chunk)
                    """)
                    .param("seconds", properties.outbox().retention().toSeconds())
                    .param("chunk", CHUNK)
                    .update();
            purged += chunk;
        } while (chunk == CHUNK);
        do {
            chunk = jdbc.sql("""
                    DELETE FROM processed_event WHERE (consumer, event_id) IN (
                        SELECT consumer, event_id FROM processed_event
                        WHERE processed_at < now() - make_interval(secs => :seconds) LIMIT :chunk)
                    """)
                    .param("seconds", properties.consumer().processedRetention().toSeconds())
                    .param("chunk", CHUNK)
                    .update();
            purged += chunk;
        } while (chunk == CHUNK);
        return purged;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("housekeeping").daemon()
                .factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int purged = purge();
                if (purged > 0) {
                    log.info("Purged {} expired outbox and processed-event rows", purged);
                }
            } catch (RuntimeException e) {
                log.warn("Housekeeping failed, will retry: {}", e.toString());
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
