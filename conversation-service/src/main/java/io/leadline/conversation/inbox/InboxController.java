package io.leadline.conversation.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The inbox: one row per conversation, newest activity first, and a conversation's messages in thread order:
 * the provider's timestamp (WhatsApp gives whole seconds), then the order Leadline received them in.
 */
@RestController
@RequestMapping("/api/conversations")
class InboxController {

    private final JdbcClient jdbc;

    InboxController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record ConversationView(long id, String businessId, long contactId, String displayName, String status,
            String assignee, Instant lastActivityAt) {
    }

    record MessageView(long id, String direction, String channel, String providerMessageId, String type, String text,
            Instant sentAt, String deliveryStatus) {
    }

    @GetMapping
    List<ConversationView> conversations(@RequestParam(required = false) String businessId,
            @RequestParam(defaultValue = "50") int limit) {
        return jdbc.sql("""
                SELECT id, business_id, contact_id, display_name, phone_e164, status, assignee, last_activity_at
                FROM conversation
                WHERE deleted_at IS NULL AND (CAST(:business AS text) IS NULL OR business_id = :business)
                ORDER BY last_activity_at DESC, id DESC
                LIMIT :limit
                """)
                .param("business", businessId)
                .param("limit", Math.clamp(limit, 1, 200))
                .query((rs, n) -> new ConversationView(rs.getLong("id"), rs.getString("business_id"),
                        rs.getLong("contact_id"), displayName(rs.getString("display_name"), rs.getString("phone_e164")),
                        rs.getString("status"), rs.getString("assignee"),
                        rs.getTimestamp("last_activity_at").toInstant()))
                .list();
    }

    @GetMapping("/{id}/messages")
    List<MessageView> messages(@PathVariable long id) {
        boolean exists = jdbc.sql("SELECT count(*) FROM conversation WHERE id = :id").param("id", id)
                .query(Long.class).single() > 0;
        if (!exists) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No conversation " + id);
        }
        return jdbc.sql("""
                SELECT id, direction, channel, provider_message_id, message_type, text, sent_at, delivery_status
                FROM message WHERE conversation_id = :id
                ORDER BY date_trunc('second', sent_at), received_at, id
                """)
                .param("id", id)
                .query((rs, n) -> new MessageView(rs.getLong("id"), rs.getString("direction"), rs.getString("channel"),
                        rs.getString("provider_message_id"), rs.getString("message_type"), rs.getString("text"),
                        Optional.ofNullable(rs.getTimestamp("sent_at")).map(Timestamp::toInstant).orElse(null),
                        rs.getString("delivery_status")))
                .list();
    }

    /** A name for people: never a JID, an {@code @lid} or a raw id. */
    private static String displayName(String name, String phone) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return phone != null ? phone : "Unknown";
    }
}
