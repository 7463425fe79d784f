package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns SENDING rows older than the lease into UNKNOWN: their process died in the middle of the call, so the
 * request may have left. They are never sent again automatically; a person or a status webhook decides. Each sweep
 * also refreshes the gauges of the open states ({@link OpenRowGauges}).
 */
@Component
class LeaseSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outcomes outcomes;
    private final OpenRowGauges gauges;
    private final Duration lease;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    LeaseSweeper(JdbcClient jdbc, TransactionTemplate transactions, Outcomes outcomes, OpenRowGauges gauges,
            OutboundProperties properties) {
        this.jdbc = jdbc;
        this.gauges = gauges;
        this.transactions = transactions;
        this.outcomes = outcomes;
        this.lease = properties.dispatcher().lease();
        this.interval = properties.dispatcher().sweepInterval();
    }

    private record Expired(long id, String businessId, long conversationId, String dedupeKey) {
    }

    /** Sweeps one chunk; returns how many rows it turned UNKNOWN. */
    int sweep() {
        Integer swept = transactions.execute(status -> {
            List<Expired> expired = jdbc.sql("""
                    SELECT id, business_id, conversation_id, dedupe_key FROM outbound_message
                    WHERE status = 'SENDING' AND sending_at < now() - make_interval(secs => :lease)
                    ORDER BY sending_at LIMIT :chunk FOR UPDATE SKIP LOCKED
                    """)
                    .param("lease", lease.toMillis() / 1000.0)
                    .param("chunk", CHUNK)
                    .query((rs, n) -> new Expired(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                    .list();
            expired.forEach(row -> outcomes.unknown(row.id(), row.businessId(), row.conversationId(),
                    row.dedupeKey(), "LEASE_EXPIRED: the process sending it stopped before recording an answer"));
            return expired.size();
        });
        return swept == null ? 0 : swept;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbound-lease-sweeper").daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int swept;
                while ((swept = sweep()) > 0) {
                    log.warn("{} sends outlived their lease and are now UNKNOWN", swept);
                }
                gauges.refresh();
            } catch (RuntimeException e) {
                log.warn("Lease sweep failed, will retry: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
