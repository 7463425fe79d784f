package io.leadline.outbound.send;

import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The common case of a batch of status webhooks: sends already SENT or DELIVERED that WhatsApp reports sent,
 * delivered or read. All such a status can do is move SENT to DELIVERED, so a whole batch's are one statement.
 */
@Component
class DeliveredSends {

    private final JdbcClient jdbc;

    DeliveredSends(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the status meets its (locked) row SENT or DELIVERED, of its own business, and is not a failure. */
    static boolean onlyDelivers(RowLocks.Locked row, DeliveryStatusReported status) {
        return row != null && row.businessId().equals(status.businessId()) && status.status() != null
                && status.status() != DeliveryState.FAILED
                && ("SENT".equals(row.status()) || "DELIVERED".equals(row.status()));
    }

    /** Marks SENT rows DELIVERED, each at the time given: the first delivered or read status of the batch. */
    void mark(Map<Long, Instant> deliveredAt) {
        if (deliveredAt.isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE outbound_message m SET status = 'DELIVERED', delivered_at = d.at, updated_at = now()
                FROM unnest(CAST(:ids AS bigint[]), CAST(:ats AS timestamptz[])) AS d (id, at)
                WHERE m.id = d.id AND m.status = 'SENT'
                """)
                .param("ids", deliveredAt.keySet().toArray(Long[]::new))
                .param("ats", deliveredAt.values().stream().map(Instant::toString).toArray(String[]::new))
                .update();
    }
}
