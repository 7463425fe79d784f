package io.leadline.platform.db;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes rows past their retention, every {@code interval}, in chunks of at most {@link #CHUNK} rows a statement,
 * so a purge never holds many row locks at once nor one long transaction. The platform purges its own tables this
 * way (published outbox rows, remembered event ids); a service purges its tables with one of its own.
 */
public class RetentionPurge implements SmartLifecycle {

    static final int CHUNK = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final String name;
    private final JdbcClient jdbc;
    private final Duration interval;
    private final List<Expiry> expiries;
    private ScheduledExecutorService scheduler;

    /**
     * Rows of {@code table} whose {@code since} column is older than {@code retention}.
     *
     * @param rows what the rows are, for the log ("parked statuses")
     */
    public record Expiry(String rows, String table, String since, Duration retention) {

        /** By {@code ctid}, so one text serves any table; the array keeps it a TID scan, not a join. */
        String deleteChunk() {
            return """
                    DELETE FROM %1$s WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM %1$s WHERE %2$s < now() - make_interval(secs => :seconds) LIMIT :chunk))
                    """.formatted(table, since);
        }
    }

    /** @param name the scheduler thread's name */
    public RetentionPurge(String name, JdbcClient jdbc, Duration interval, List<Expiry> expiries) {
        this.name = name;
        this.jdbc = jdbc;
        this.interval = interval;
        this.expiries = List.copyOf(expiries);
    }

    /** Purges what is past its retention now; returns how many rows it deleted. */
    public int purge() {
        int purged = 0;
        for (Expiry expiry : expiries) {
            int deleted = 0;
            int chunk;
            do {
                chunk = jdbc.sql(expiry.deleteChunk())
                        .param("seconds", expiry.retention().toSeconds())
                        .param("chunk", CHUNK)
                        .update();
                deleted += chunk;
            } while (chunk == CHUNK);
            if (deleted > 0) {
                log.info("Purged {} {} older than {}", deleted, expiry.rows(), expiry.retention());
            }
            purged += deleted;
        }
        return purged;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("{} failed, will retry in {}: {}", name, interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
