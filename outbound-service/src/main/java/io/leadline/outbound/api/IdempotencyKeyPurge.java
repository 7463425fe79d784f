package io.leadline.outbound.api;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.db.RetentionPurge;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes Idempotency-Keys past their retention; a reused expired key is taken over anyway. */
@Component
class IdempotencyKeyPurge extends RetentionPurge {

    IdempotencyKeyPurge(JdbcClient jdbc, OutboundProperties properties) {
        super("idempotency-key-purge", jdbc, Duration.ofMinutes(10), List.of(new Expiry("Idempotency-Keys",
                "idempotency_key", "created_at", properties.idempotency().retention())));
    }
}
