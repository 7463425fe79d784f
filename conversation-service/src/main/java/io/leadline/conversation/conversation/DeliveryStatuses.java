package io.leadline.conversation.conversation;

import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.platform.event.EventEnvelope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a message's delivery status forward only: sent, delivered, read; failed only before delivery (the rule is
 * the database function {@code delivery_advances}). A status for a message not stored yet is parked and applied
 * when the message arrives. Statuses and messages come from different topics, so both sides take the same
 * transaction-scoped advisory lock on the provider id: otherwise each could miss the other's uncommitted row.
 *
 * <p>A status finds its message by provider id within the business, whatever channel reported it: a send is
 * stored under the channel it went through (the Cloud API's as {@code META_CLOUD}) while Kapso, which relays the Cloud API's
 * own message ids, reports its statuses as {@code KAPSO}. The unique key is (business, provider id, channel), so
 * the lookup by business and provider id alone reads only that message's entries.
 */
@Service
class DeliveryStatuses {

    private final JdbcClient jdbc;
    private final StatusRounds rounds;

    DeliveryStatuses(JdbcClient jdbc, StatusRounds rounds) {
        this.jdbc = jdbc;
        this.rounds = rounds;
    }

    record Status(String status, Instant at, Integer errorCode, String errorTitle) {
    }

    /**
     * A poll batch's statuses, in their order, after taking every lock they need in one order, applied set-based
     * ({@link StatusRounds}). A status without a provider id or a known status fails the batch: the platform then
     * applies the batch one status at a time (a batch of one here), which dead-letters that one.
     */
    @Transactional
    public void reportAll(List<EventEnvelope<DeliveryStatusReported>> statuses) {
        List<DeliveryStatusReported> reported = statuses.stream().map(EventEnvelope::payload).toList();
        if (reported.stream().anyMatch(status -> status.providerMessageId() == null || status.status() == null)) {
            throw new IllegalArgumentException("a delivery status of the batch has no provider message id or status");
        }
        List<String> keys = reported.stream().map(status -> key(status.businessId(), status.providerMessageId()))
                .toList();
        if (keys.size() == 1) {
            lock(reported.getFirst().businessId(), reported.getFirst().providerMessageId());
        } else {
            lockInOrder(keys);
        }
        rounds.apply(reported);
    }

    /**
     * Takes several messages' locks at once, ordered by the lock itself: two batches taking theirs one by one in
     * arrival order deadlock (seen at 200 messages/s end to end); in one order they wait for each other.
     */
    void lockInOrder(List<String> keys) {
        if (keys.size() < 2) {
            return;
        }
        jdbc.sql("""
                SELECT pg_advisory_xact_lock(k)
                FROM (SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest(CAST(:keys AS text[])) AS t (key)
                      ORDER BY k) ordered
                """)
                .param("keys", keys.toArray(String[]::new))
                .query((rs, n) -> 1).list();
    }

    static String key(String businessId, String providerMessageId) {
        return businessId + "|" + providerMessageId;
    }

    /** Applies the statuses that arrived before this (just inserted, outbound) message; call in its transaction. */
    void applyParked(String businessId, String providerMessageId) {
        lock(businessId, providerMessageId);
        List<Status> parked = jdbc.sql("""
                DELETE FROM parked_status
                WHERE business_id = :business AND provider_message_id = :providerId
                RETURNING status, status_at, error_code, error_title
                """)
                .param("business", businessId)
                .param("providerId", providerMessageId)
                .query((rs, n) -> new Status(rs.getString("status"), rs.getTimestamp("status_at").toInstant(),
                        (Integer) rs.getObject("error_code"), rs.getString("error_title")))
                .list();
        parked.stream().sorted(Comparator.comparing(Status::at))
                .forEach(status -> advance(businessId, providerMessageId, status));
    }

    /** True when the message exists (whether or not the status moved it); false when it is not stored yet. */
    private boolean advance(String businessId, String providerMessageId, Status status) {
        Boolean exists = jdbc.sql("""
                WITH target AS (
                    SELECT id FROM message
                    WHERE business_id = :business AND provider_message_id = :providerId
                ), moved AS (
                    UPDATE message SET delivery_status = :status, status_at = :at,
                                       error_code = :errorCode, error_title = :errorTitle
                    WHERE id IN (SELECT id FROM target) AND delivery_advances(delivery_status, :status)
                    RETURNING id
                )
                SELECT EXISTS (SELECT 1 FROM target)
                """)
                .param("business", businessId)
                .param("providerId", providerMessageId)
                .param("status", status.status())
                .param("at", Timestamp.from(status.at()))
                .param("errorCode", status.errorCode())
                .param("errorTitle", status.errorTitle())
                .query(Boolean.class).single();
        return exists;
    }

    private void lock(String businessId, String providerMessageId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", key(businessId, providerMessageId))
                .query((rs, n) -> 1).single();
    }
}
