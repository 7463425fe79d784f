package io.leadline.conversation.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.platform.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts every message, inbound or outbound, into its person's one conversation. The conversation is an upsert on
 * (business, canonical key); the message an insert that a duplicate provider id turns into a no-op, which
 * publishes nothing.
 */
@Service
class Conversations {

    private final JdbcClient jdbc;
    private final Outbox outbox;

    Conversations(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public void acceptInbound(InboundMessageResolved resolved) {
        InboundMessageReceived message = resolved.message();
        Recipient replyTo = resolved.contact().replyTo();
        ConversationRow conversation = jdbc.sql("""
                INSERT INTO conversation (business_id, canonical_key, contact_id, display_name, phone_e164,
                                          reply_to_wa_id, reply_to_bsuid, last_inbound_at, last_activity_at)
                VALUES (:business, :key, :contact, :name, :phone, :waId, :bsuid, :at, :at)
                ON CONFLICT (business_id, canonical_key) DO UPDATE SET
                    display_name = coalesce(EXCLUDED.display_name, conversation.display_name),
                    phone_e164 = coalesce(EXCLUDED.phone_e164, conversation.phone_e164),
                    reply_to_wa_id = coalesce(EXCLUDED.reply_to_wa_id, conversation.reply_to_wa_id),
                    reply_to_bsuid = coalesce(EXCLUDED.reply_to_bsuid, conversation.reply_to_bsuid),
                    last_inbound_at = greatest(conversation.last_inbound_at, EXCLUDED.last_inbound_at),
                    last_activity_at = greatest(conversation.last_activity_at, EXCLUDED.last_activity_at)
                RETURNING id, contact_id, assignee, last_inbound_at
                """)
                .param("business", resolved.businessId())
                .param("key", resolved.conversationKey())
                .param("contact", resolved.contact().contactId())
                .param("name", resolved.contact().displayName())
                .param("phone", replyTo.phoneE164())
                .param("waId", replyTo.waId())
                .param("bsuid", replyTo.bsuid())
                .param("at", Timestamp.from(message.sentAt()))
                .query(Conversations::row)
                .single();
        insertMessage(conversation.id(), resolved.businessId(), message.channel(), message.providerMessageId(),
                Direction.INBOUND, message.messageType(), message.text(), message.sentAt(), message.receivedAt(), null)
                .ifPresent(messageId -> outbox.publish(new MessageAccepted(resolved.businessId(), conversation.id(),
                        messageId, resolved.contact().contactId(), Direction.INBOUND, message.channel(),
                        message.providerMessageId(), message.messageType(), message.text(), message.sentAt(),
                        conversation.lastInboundAt(), replyTo, conversation.assignee(), Map.of())));
    }

    @Transactional
    public void acceptOutbound(OutboundSent sent) {
        ConversationRow conversation = jdbc.sql("""
                UPDATE conversation SET last_activity_at = greatest(last_activity_at, :at)
                WHERE id = :id RETURNING id, contact_id, assignee, last_inbound_at
                """)
                .param("id", sent.conversationId())
                .param("at", Timestamp.from(sent.sentAt()))
                .query(Conversations::row)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no conversation " + sent.conversationId()));
        insertMessage(conversation.id(), sent.businessId(), Channel.META_CLOUD, sent.providerMessageId(),
                Direction.OUTBOUND, "text", sent.text(), sent.sentAt(), sent.sentAt(), sent.outboundId())
                .ifPresent(messageId -> outbox.publish(new MessageAccepted(sent.businessId(), conversation.id(),
                        messageId, conversation.contactId(), Direction.OUTBOUND, Channel.META_CLOUD,
                        sent.providerMessageId(), "text", sent.text(), sent.sentAt(), conversation.lastInboundAt(),
                        sent.recipient(), conversation.assignee(), Map.of())));
    }

    private Optional<Long> insertMessage(long conversationId, String business, Channel channel, String providerId,
            Direction direction, String type, String text, Instant sentAt, Instant receivedAt, Long outboundId) {
        return jdbc.sql("""
                INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                     message_type, text, sent_at, received_at, outbound_id)
                VALUES (:conversation, :business, :channel, :providerId, :direction, :type, :text, :sentAt,
                        :receivedAt, :outbound)
                ON CONFLICT (business_id, channel, provider_message_id) DO NOTHING
                RETURNING id
                """)
                .param("conversation", conversationId)
                .param("business", business)
                .param("channel", channel.name())
                .param("providerId", providerId)
                .param("direction", direction.name())
                .param("type", type)
                .param("text", text)
                .param("sentAt", Timestamp.from(sentAt))
                .param("receivedAt", Timestamp.from(receivedAt))
                .param("outbound", outboundId)
                .query(Long.class).optional();
    }

    private static ConversationRow row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp lastInbound = rs.getTimestamp("last_inbound_at");
        return new ConversationRow(rs.getLong("id"), rs.getLong("contact_id"), rs.getString("assignee"),
                lastInbound == null ? null : lastInbound.toInstant());
    }

    private record ConversationRow(long id, long contactId, String assignee, Instant lastInboundAt) {
    }
}
