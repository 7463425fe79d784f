package io.leadline.conversation.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one message table. Insertion is an {@code INSERT … ON CONFLICT DO NOTHING} on (business, channel, provider
 * message id): a duplicate delivery, even a concurrent one, gets no id back and so publishes nothing.
 */
@Component
class MessageStore {

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record NewMessage(long conversationId, String businessId, Channel channel, String providerMessageId,
            Direction direction, String type, String text, Instant sentAt, Instant receivedAt, Long outboundId,
            String deliveryStatus) {

        NewMessage in(long conversation) {
            return new NewMessage(conversation, businessId, channel, providerMessageId, direction, type, text, sentAt,
                    receivedAt, outboundId, deliveryStatus);
        }
    }

    /** The new row's id, or empty when the provider message (or the outbound send) is already stored. */
    Optional<Long> insert(NewMessage message) {
        return jdbc.sql("""
                INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                     message_type, text, sent_at, received_at, outbound_id, delivery_status, status_at)
                VALUES (:conversation, :business, :channel, :providerId, :direction, :type, :text, :sentAt,
                        :receivedAt, :outbound, :status, :statusAt)
                ON CONFLICT DO NOTHING
                RETURNING id
                """)
                .param("conversation", message.conversationId())
                .param("business", message.businessId())
                .param("channel", message.channel().name())
                .param("providerId", message.providerMessageId())
                .param("direction", message.direction().name())
                .param("type", message.type() == null ? "unknown" : message.type())
                .param("text", message.text())
                .param("sentAt", Timestamp.from(message.sentAt()))
                .param("receivedAt", Timestamp.from(message.receivedAt()))
                .param("outbound", message.outboundId(), Types.BIGINT)
                .param("status", message.deliveryStatus(), Types.VARCHAR)
                .param("statusAt", message.deliveryStatus() == null ? null : Timestamp.from(message.sentAt()),
                        Types.TIMESTAMP)
                .query(Long.class).optional();
    }

    /**
     * Gives a send recorded as failed or unknown the channel and provider id WhatsApp later confirmed; empty if there
     * is none, or if that message is stored already (a gateway's echo of the send came first).
     */
    Optional<Long> confirmSend(String businessId, Channel channel, long outboundId, String providerMessageId,
            Instant sentAt) {
        return jdbc.sql("""
                UPDATE message SET channel = :channel, provider_message_id = :providerId, sent_at = :sentAt,
                                   delivery_status = 'SENT', status_at = :sentAt, error_code = NULL, error_title = NULL
                WHERE business_id = :business AND outbound_id = :outbound AND provider_message_id IS NULL
                  AND NOT EXISTS (SELECT 1 FROM message stored WHERE stored.business_id = :business
                                  AND stored.channel = :channel AND stored.provider_message_id = :providerId)
                RETURNING id
                """)
                .param("business", businessId)
                .param("channel", channel.name())
                .param("outbound", outboundId)
                .param("providerId", providerMessageId)
                .param("sentAt", Timestamp.from(sentAt))
                .query(Long.class).optional();
    }

    void describeFailure(long messageId, Integer errorCode, String reason) {
        jdbc.sql("UPDATE message SET error_code = :code, error_title = :reason WHERE id = :id")
                .param("id", messageId)
                .param("code", errorCode)
                .param("reason", reason)
                .update();
    }
}
