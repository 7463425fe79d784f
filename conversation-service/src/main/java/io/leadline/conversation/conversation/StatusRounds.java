package io.leadline.conversation.conversation;

import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.ProviderError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The status hot path of {@link DeliveryStatuses#reportAll}: a poll batch's statuses applied with a few set-based
 * statements instead of two round trips each (each customer message brings three: sent, delivered, read, and the
 * status listener was the first to fall behind end to end). One statement finds which messages are stored; the
 * statuses of the others are parked in one insert; the rest are applied in rounds, round {@code i} moving every
 * message by its {@code i}-th status of the batch, so each message sees its statuses in their order under the
 * same forward-only rule ({@code delivery_advances}) as one at a time. The caller holds every message's lock.
 */
@Component
class StatusRounds {

    private final JdbcClient jdbc;

    StatusRounds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Key(String business, String providerId) {
    }

    void apply(List<DeliveryStatusReported> statuses) {
        Set<Key> stored = stored(statuses);
        List<DeliveryStatusReported> ofStored = new ArrayList<>();
        List<DeliveryStatusReported> parked = new ArrayList<>();
        for (DeliveryStatusReported status : statuses) {
            (stored.contains(new Key(status.businessId(), status.providerMessageId())) ? ofStored : parked)
                    .add(status);
        }
        applyToStored(ofStored);
        if (!parked.isEmpty()) {
            park(parked);
        }
    }

    /** Statuses whose messages are known to be stored (just inserted in this transaction): no lookup, no parking. */
    void applyToStored(List<DeliveryStatusReported> statuses) {
        Map<Key, List<DeliveryStatusReported>> byMessage = new LinkedHashMap<>();
        for (DeliveryStatusReported status : statuses) {
            byMessage.computeIfAbsent(new Key(status.businessId(), status.providerMessageId()),
                    k -> new ArrayList<>()).add(status);
        }
        for (int round = 0; ; round++) {
            List<DeliveryStatusReported> nth = new ArrayList<>();
            for (List<DeliveryStatusReported> ofOne : byMessage.values()) {
                if (round < ofOne.size()) {
                    nth.add(ofOne.get(round));
                }
            }
            if (nth.isEmpty()) {
                break;
            }
            advance(nth);
        }
    }

    private Set<Key> stored(List<DeliveryStatusReported> statuses) {
        return new HashSet<>(jdbc.sql("""
                SELECT DISTINCT m.business_id, m.provider_message_id
                FROM unnest(CAST(:businesses AS text[]), CAST(:providerIds AS text[])) AS s (business, provider_id)
                JOIN message m ON m.business_id = s.business AND m.provider_message_id = s.provider_id
                """)
                .param("businesses", column(statuses, DeliveryStatusReported::businessId))
                .param("providerIds", column(statuses, DeliveryStatusReported::providerMessageId))
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2)))
                .list());
    }

    /** At most one status per message: an UPDATE touches a row once. */
    private void advance(List<DeliveryStatusReported> statuses) {
        jdbc.sql("""
                UPDATE message m SET delivery_status = s.status, status_at = s.at, error_code = s.error_code,
                                     error_title = s.error_title
                FROM unnest(CAST(:businesses AS text[]), CAST(:providerIds AS text[]), CAST(:statuses AS text[]),
                            CAST(:ats AS timestamptz[]), CAST(:codes AS int[]), CAST(:titles AS text[]))
                     AS s (business, provider_id, status, at, error_code, error_title)
                WHERE m.business_id = s.business AND m.provider_message_id = s.provider_id
                  AND delivery_advances(m.delivery_status, s.status)
                """)
                .paramSource(columns(statuses))
                .update();
    }

    private void park(List<DeliveryStatusReported> statuses) {
        jdbc.sql("""
                INSERT INTO parked_status (business_id, channel, provider_message_id, status, status_at, error_code,
                                           error_title)
                SELECT * FROM unnest(CAST(:businesses AS text[]), CAST(:channels AS text[]),
                                     CAST(:providerIds AS text[]), CAST(:statuses AS text[]),
                                     CAST(:ats AS timestamptz[]), CAST(:codes AS int[]), CAST(:titles AS text[]))
                ON CONFLICT DO NOTHING
                """)
                .paramSource(columns(statuses))
                .update();
    }

    /** The statuses as the columns of an {@code unnest}: seven parameters for a whole batch, not seven per status. */
    private static Map<String, Object> columns(List<DeliveryStatusReported> statuses) {
        return Map.of(
                "businesses", column(statuses, DeliveryStatusReported::businessId),
                "channels", column(statuses, status -> status.channel().name()),
                "providerIds", column(statuses, DeliveryStatusReported::providerMessageId),
                "statuses", column(statuses, status -> status.status().name()),
                "ats", column(statuses, status -> at(status).toString()),
                "codes", statuses.stream().map(StatusRounds::errorCode).toArray(Integer[]::new),
                "titles", column(statuses, StatusRounds::errorTitle));
    }

    private static String[] column(List<DeliveryStatusReported> statuses,
            java.util.function.Function<DeliveryStatusReported, String> cell) {
        return statuses.stream().map(cell).toArray(String[]::new);
    }

    /** As {@link DeliveryStatuses#report}: a status without a time counts from now. */
    private static Instant at(DeliveryStatusReported status) {
        return status.at() == null ? Instant.now() : status.at();
    }

    private static ProviderError error(DeliveryStatusReported status) {
        return status.errors() == null || status.errors().isEmpty() ? null : status.errors().getFirst();
    }

    private static Integer errorCode(DeliveryStatusReported status) {
        ProviderError error = error(status);
        return error == null ? null : error.code();
    }

    private static String errorTitle(DeliveryStatusReported status) {
        ProviderError error = error(status);
        return error == null ? null : error.title();
    }
}
