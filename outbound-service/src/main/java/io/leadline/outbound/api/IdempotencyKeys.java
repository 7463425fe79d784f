package io.leadline.outbound.api;

import io.leadline.outbound.OutboundProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Idempotency-Key store. A key is claimed (IN_PROGRESS) in its own committed transaction before the request is
 * applied, and completed with the answer afterwards; the answer is replayed to every repeat for the retention.
 * A key whose request died mid-way (IN_PROGRESS past its lease) may be taken over; applying the request again is
 * safe because the message's dedupe key is derived from the Idempotency-Key and the time the key was first claimed,
 * which a takeover keeps: the dedupe key comes out the same even when the takeover happens on another UTC day.
 */
@Component
class IdempotencyKeys {

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Duration inProgressLease;

    IdempotencyKeys(JdbcClient jdbc, OutboundProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.idempotency().retention();
        this.inProgressLease = properties.idempotency().inProgressLease();
    }

    sealed interface Claim {

        /** @param firstClaimedAt when this use of the key began; a takeover of a dead request keeps it */
        record Granted(Instant firstClaimedAt) implements Claim {
        }

        record Replay(int status, String body) implements Claim {
        }

        record DifferentRequest() implements Claim {
        }

        record StillRunning() implements Claim {
        }
    }

    private record Stored(String requestHash, String state, Integer status, String body) {
    }

    @Transactional
    public Claim claim(String key, String requestHash) {
        Optional<Timestamp> granted = jdbc.sql("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, state) VALUES (:key, :hash, 'IN_PROGRESS')
                ON CONFLICT (idempotency_key) DO UPDATE
                    SET request_hash = excluded.request_hash, state = 'IN_PROGRESS', response_status = NULL,
                        response_body = NULL, outbound_id = NULL, updated_at = now(),
                        created_at = CASE WHEN idempotency_key.created_at
                                               < now() - make_interval(secs => :retention)
                                          THEN now() ELSE idempotency_key.created_at END
                    WHERE idempotency_key.created_at < now() - make_interval(secs => :retention)
                       OR (idempotency_key.state = 'IN_PROGRESS'
                           AND idempotency_key.request_hash = excluded.request_hash
                           AND idempotency_key.updated_at < now() - make_interval(secs => :lease))
                RETURNING created_at
                """)
                .param("key", key)
                .param("hash", requestHash)
                .param("retention", retention.toSeconds())
                .param("lease", inProgressLease.toMillis() / 1000.0)
                .query(Timestamp.class)
                .optional();
        if (granted.isPresent()) {
            return new Claim.Granted(granted.get().toInstant());
        }
        Stored stored = jdbc.sql("""
                SELECT request_hash, state, response_status, response_body FROM idempotency_key
                WHERE idempotency_key = :key
                """)
                .param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2),
                        rs.getObject(3) == null ? null : rs.getInt(3), rs.getString(4)))
                .single();
        if (!stored.requestHash().equals(requestHash)) {
            return new Claim.DifferentRequest();
        }
        if ("IN_PROGRESS".equals(stored.state())) {
            return new Claim.StillRunning();
        }
        return new Claim.Replay(stored.status(), stored.body());
    }

    @Transactional
    public void complete(String key, int status, String body, Long outboundId) {
        jdbc.sql("""
                UPDATE idempotency_key SET state = 'DONE', response_status = :status, response_body = :body,
                                           outbound_id = :outbound, updated_at = now()
                WHERE idempotency_key = :key
                """)
                .param("status", status)
                .param("body", body)
                .param("outbound", outboundId)
                .param("key", key)
                .update();
    }

    /** Frees a key whose request failed before it changed anything, so the client may try again at once. */
    @Transactional
    public void release(String key) {
        jdbc.sql("DELETE FROM idempotency_key WHERE idempotency_key = :key AND state = 'IN_PROGRESS'")
                .param("key", key).update();
    }
}
