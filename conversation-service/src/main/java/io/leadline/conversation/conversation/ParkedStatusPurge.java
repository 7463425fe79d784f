package io.leadline.conversation.conversation;

import io.leadline.conversation.config.ConversationProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes parked statuses whose message never arrived within the retention (a send made outside Leadline, or a
 * message lost upstream), in bounded chunks like the platform's housekeeping, so {@code parked_status} stays small.
 */
@Component
class ParkedStatusPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParkedStatusPurge.class);
    private static final int CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final ConversationProperties.ParkedStatuses settings;
    private ScheduledExecutorService scheduler;

    ParkedStatusPurge(JdbcClient jdbc, ConversationProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.parkedStatuses();
    }

    /** Purges what is past the retention now; returns how many statuses it deleted. */
    int purge() {
        int purged = 0;
        int chunk;
        do {
            chunk = jdbc.sql("""
                    DELETE FROM parked_status WHERE ctid IN (
                        SELECT ctid FROM parked_status
                        WHERE parked_at < now() - make_interval(secs => :seconds) LIMIT :chunk)
                    """)
                    .param("seconds", settings.retention().toSeconds())
                    .param("chunk", CHUNK)
                    .update();
            purged += chunk;
        } while (chunk == CHUNK);
        return purged;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("parked-status-purge").daemon()
                .factory());
        long interval = settings.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int purged = purge();
                if (purged > 0) {
                    log.info("Purged {} parked statuses older than {}: their messages never arrived", purged,
                            settings.retention());
                }
            } catch (RuntimeException e) {
                log.warn("Purging parked statuses failed, will retry: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
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
