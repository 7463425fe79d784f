package io.leadline.conversation.inbox;

import io.leadline.conversation.config.ConversationProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads for the inbox: conversations one row each, newest activity first, and a thread's messages in order. */
@Component
class InboxQueries {

    private static final String CONVERSATION_COLUMNS = """
            SELECT c.id, c.business_id, c.contact_id, c.manual_name, c.profile_name, c.phone_e164, c.status,
                   c.assignee, c.last_activity_at, c.last_inbound_at, c.deleted_at, c.merged_into_id,
                   lf.value AS lead_name
            FROM conversation c
            LEFT JOIN lead_field lf ON lf.business_id = c.business_id AND lf.contact_id = c.contact_id
                                   AND lf.field = 'name'
            """;

    private final JdbcClient jdbc;

    private final ConversationProperties properties;

    InboxQueries(JdbcClient jdbc, ConversationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    record ConversationView(long id, String businessId, long contactId, String displayName, String status,
            String assignee, Instant lastActivityAt, Instant lastInboundAt, boolean deleted, Long mergedIntoId) {
    }

    record MessageView(long id, String direction, String channel, String providerMessageId, String type, String text,
            Instant sentAt, Instant receivedAt, String deliveryStatus, Instant statusAt, Integer errorCode,
            String errorTitle, Long outboundId) {
    }

    /**
     * @param status   OPEN or CLOSED, or null for both
     * @param assigned true for assigned only, false for unassigned only, null for both
     * @param deleted  true lists the soft-deleted conversations instead of the others
     * @param contactId only this contact's conversation (a CRM opening a contact's thread), or null
     */
    record Filter(String businessId, String status, Boolean assigned, String assignee, boolean deleted,
            Long contactId) {
    }

    /** One page, plus one row more when there is a next page. */
    List<ConversationView> page(Filter filter, Cursor after, int limit) {
        return jdbc.sql(CONVERSATION_COLUMNS + """
                WHERE (CAST(:business AS text) IS NULL OR c.business_id = :business)
                  AND (CAST(:status AS text) IS NULL OR c.status = :status)
                  AND (CAST(:assigned AS boolean) IS NULL OR (c.assignee IS NOT NULL) = :assigned)
                  AND (CAST(:assignee AS text) IS NULL OR c.assignee = :assignee)
                  AND (c.deleted_at IS NOT NULL) = :deleted
                  AND (CAST(:contact AS bigint) IS NULL OR c.contact_id = :contact)
                  AND (CAST(:afterAt AS timestamptz) IS NULL OR (c.last_activity_at, c.id) < (:afterAt, :afterId))
                ORDER BY c.last_activity_at DESC, c.id DESC
                LIMIT :limit
                """)
                .param("business", filter.businessId())
                .param("status", filter.status())
                .param("assigned", filter.assigned())
                .param("assignee", filter.assignee())
                .param("deleted", filter.deleted())
                .param("contact", filter.contactId(), java.sql.Types.BIGINT)
                .param("afterAt", after == null ? null : Timestamp.from(after.lastActivityAt()),
                        java.sql.Types.TIMESTAMP)
                .param("afterId", after == null ? 0L : after.id())
                .param("limit", limit + 1)
                .query(this::conversationRow)
                .list();
    }

    Optional<ConversationView> conversation(long id) {
        return jdbc.sql(CONVERSATION_COLUMNS + " WHERE c.id = :id")
                .param("id", id)
                .query(this::conversationRow)
                .optional();
    }

    /** Thread order: the provider's timestamp at WhatsApp's precision (seconds), then arrival, then storage. */
    List<MessageView> messages(long conversationId) {
        return jdbc.sql("""
                SELECT id, direction, channel, provider_message_id, message_type, text, sent_at, received_at,
                       delivery_status, status_at, error_code, error_title, outbound_id
                FROM message WHERE conversation_id = :id
                ORDER BY date_trunc('second', sent_at), received_at, id
                """)
                .param("id", conversationId)
                .query((rs, n) -> new MessageView(rs.getLong("id"), rs.getString("direction"), rs.getString("channel"),
                        rs.getString("provider_message_id"), rs.getString("message_type"), rs.getString("text"),
                        instant(rs, "sent_at"), instant(rs, "received_at"), rs.getString("delivery_status"),
                        instant(rs, "status_at"), (Integer) rs.getObject("error_code"), rs.getString("error_title"),
                        (Long) rs.getObject("outbound_id")))
                .list();
    }

    private ConversationView conversationRow(ResultSet rs, int rowNum) throws SQLException {
        String business = rs.getString("business_id");
        return new ConversationView(rs.getLong("id"), business, rs.getLong("contact_id"),
                DisplayNames.of(rs.getString("manual_name"), rs.getString("lead_name"), rs.getString("profile_name"),
                        rs.getString("phone_e164"), properties.business(business).unknownName()),
                rs.getString("status"), rs.getString("assignee"), instant(rs, "last_activity_at"),
                instant(rs, "last_inbound_at"), rs.getTimestamp("deleted_at") != null,
                (Long) rs.getObject("merged_into_id"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
