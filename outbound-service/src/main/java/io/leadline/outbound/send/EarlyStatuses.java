package io.leadline.outbound.send;

import io.leadline.contracts.ingest.DeliveryState;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Statuses that arrived while their send was still SENDING, kept until its outcome is recorded. */
@Repository
class EarlyStatuses {

    private final JdbcClient jdbc;

    EarlyStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One status of one send, as the webhook reported it. */
    record Status(String businessId, long outboundId, DeliveryState state, String wamid, Integer errorCode,
            Instant at) {
    }

    void park(Status status) {
        jdbc.sql("""
                INSERT INTO early_status (outbound_id, state, business_id, wamid, error_code, reported_at)
                VALUES (:id, :state, :business, :wamid, :code, :at)
                ON CONFLICT (outbound_id, state) DO NOTHING
                """)
                .param("id", status.outboundId())
                .param("state", status.state().name())
                .param("business", status.businessId())
                .param("wamid", status.wamid(), Types.VARCHAR)
                .param("code", status.errorCode(), Types.INTEGER)
                .param("at", Timestamp.from(status.at()))
                .update();
    }

    /** Removes and answers the statuses kept for these sends, in the order a send's statuses move. */
    List<Status> take(Collection<Long> outboundIds) {
        if (outboundIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                DELETE FROM early_status WHERE outbound_id = ANY(:ids)
                RETURNING business_id, outbound_id, state, wamid, error_code, reported_at
                """)
                .param("ids", outboundIds.toArray(Long[]::new))
                .query((rs, n) -> new Status(rs.getString(1), rs.getLong(2), DeliveryState.valueOf(rs.getString(3)),
                        rs.getString(4), (Integer) rs.getObject(5), rs.getTimestamp(6).toInstant()))
                .list().stream()
                .sorted(Comparator.comparingLong(Status::outboundId).thenComparing(Status::state))
                .toList();
    }
}
