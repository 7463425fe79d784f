package io.leadline.outbound.send;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.AfterCommit;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbound log: every intended send, claimed by its dedupe key before WhatsApp is ever called. A second
 * intent with a taken key is counted as a collision and never becomes a send.
 */
@Service
public class OutboundLog {

    private final JdbcClient jdbc;
    private final DispatchSignal signal;
    private final Counter collisions;

    OutboundLog(JdbcClient jdbc, DispatchSignal signal, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.signal = signal;
        this.collisions = Counter.builder("leadline.outbound.dedupe.collisions")
                .description("Intents refused because their dedupe key was already taken").register(meters);
    }

    /** What an intent became: its row, and whether this intent created it (false: a collision). */
    public record Accepted(long outboundId, String dedupeKey, boolean created) {
    }

    /**
     * An intent in a message an agent typed (the API): keyed by its Idempotency-Key and the day that key was first
     * claimed, so each use of a key sends once, even when a request that died is taken over after midnight.
     */
    public record AgentMessage(String businessId, long conversationId, String idempotencyKey, Instant keyClaimedAt,
            String text, Recipient recipient) {
    }

    @Transactional
    public Accepted accept(ReplyIntended intent) {
        Route route = Route.of(intent.channel(), intent.gatewayInstance());
        trackWindow(intent.businessId(), intent.conversationId(), intent.lastInboundAt(), route);
        String key = DedupeKey.of(intent.conversationId(), intent.replyType(), intent.questionKey(),
                intent.inboundMessageId(), Instant.now());
        return insert(intent.businessId(), intent.conversationId(), key, intent.inboundMessageId(), "AI",
                intent.replyType(), intent.questionKey(), intent.text(), intent.recipient(), intent.lastInboundAt(),
                intent.inboundReceivedAt(), route);
    }

    @Transactional
    public Accepted accept(AgentMessage message) {
        String questionKey = "agent:" + message.idempotencyKey();
        String key = DedupeKey.of(message.conversationId(), "AGENT", questionKey, null, message.keyClaimedAt());
        return insert(message.businessId(), message.conversationId(), key, null, "AGENT", "AGENT", questionKey,
                message.text(), message.recipient(), null, null, lastRoute(message.conversationId()));
    }

    /** The way the customer last wrote in, so an agent answers the same way; the Cloud API when nobody knows. */
    private Route lastRoute(long conversationId) {
        return jdbc.sql("SELECT channel, gateway_instance FROM conversation_window WHERE conversation_id = :c")
                .param("c", conversationId)
                .query((rs, n) -> rs.getString("channel") == null ? Route.CLOUD_API
                        : Route.of(Channel.valueOf(rs.getString("channel")), rs.getString("gateway_instance")))
                .optional().orElse(Route.CLOUD_API);
    }

    /**
     * Remembers when the customer last wrote, from any event that says so (the time only moves forward), and, from
     * the customer's own latest message, the way they wrote in.
     */
    @Transactional
    public void trackWindow(MessageAccepted message) {
        boolean latestFromCustomer = message.direction() == Direction.INBOUND && message.sentAt() != null
                && message.sentAt().equals(message.lastInboundAt());
        trackWindow(message.businessId(), message.conversationId(), message.lastInboundAt(),
                latestFromCustomer ? Route.of(message.channel(), message.gatewayInstance()) : null);
    }

    /** @param route the way the customer wrote in at {@code lastInboundAt}; null when the event does not say */
    private void trackWindow(String businessId, long conversationId, Instant lastInboundAt, Route route) {
        if (lastInboundAt == null) {
            return;
        }
        Route known = route != null && route.known() ? route : null;
        jdbc.sql("""
                INSERT INTO conversation_window (conversation_id, business_id, last_inbound_at, channel,
                                                 gateway_instance)
                VALUES (:conversation, :business, :at, :channel, :instance)
                ON CONFLICT (conversation_id) DO UPDATE
                    SET last_inbound_at = excluded.last_inbound_at,
                        channel = coalesce(excluded.channel, conversation_window.channel),
                        gateway_instance = CASE WHEN excluded.channel IS NULL
                                                THEN conversation_window.gateway_instance
                                                ELSE excluded.gateway_instance END
                    WHERE conversation_window.last_inbound_at < excluded.last_inbound_at
                       OR (conversation_window.last_inbound_at = excluded.last_inbound_at
                           AND conversation_window.channel IS NULL AND excluded.channel IS NOT NULL)
                """)
                .param("conversation", conversationId)
                .param("business", businessId)
                .param("at", java.sql.Timestamp.from(lastInboundAt))
                .param("channel", known == null ? null : known.channel().name(), java.sql.Types.VARCHAR)
                .param("instance", known == null ? null : known.gatewayInstance(), java.sql.Types.VARCHAR)
                .update();
    }

    /** What a send goes through. */
    private record Route(Channel channel, String gatewayInstance) {

        static final Route CLOUD_API = new Route(Channel.META_CLOUD, null);

        /**
         * Back through the gateway the customer wrote through (one that names no instance fails at the send, with
         * the reason); every other channel is answered by the Cloud API.
         */
        static Route of(Channel channel, String gatewayInstance) {
            return channel == Channel.GATEWAY ? new Route(Channel.GATEWAY, gatewayInstance) : CLOUD_API;
        }

        /** Whether an agent's later message can take this way: a gateway route must name its instance. */
        boolean known() {
            return channel != Channel.GATEWAY || gatewayInstance != null;
        }
    }

    private Accepted insert(String businessId, long conversationId, String key, Long inboundMessageId, String origin,
            String replyType, String questionKey, String text, Recipient to, Instant lastInboundAt,
            Instant inboundReceivedAt, Route route) {
        Long id = jdbc.sql("""
                INSERT INTO outbound_message (business_id, conversation_id, dedupe_key, inbound_message_id, origin,
                    reply_type, question_key, text, recipient_phone, recipient_wa_id, recipient_bsuid, recipient_lid,
                    last_inbound_at, traceparent, inbound_received_at, channel, gateway_instance)
                VALUES (:business, :conversation, :key, :inbound, :origin, :type, :question, :text, :phone, :waId,
                    :bsuid, :lid, :lastInbound, :traceparent, :receivedAt, :channel, :gatewayInstance)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id
                """)
                .param("business", businessId)
                .param("conversation", conversationId)
                .param("key", key)
                .param("inbound", inboundMessageId)
                .param("origin", origin)
                .param("type", replyType)
                .param("question", questionKey)
                .param("text", text)
                .param("phone", to == null ? null : to.phoneE164())
                .param("waId", to == null ? null : to.waId())
                .param("bsuid", to == null ? null : to.bsuid())
                .param("lid", to == null ? null : to.lid())
                .param("lastInbound", lastInboundAt == null ? null : java.sql.Timestamp.from(lastInboundAt))
                .param("traceparent", Traces.current())
                .param("receivedAt", inboundReceivedAt == null ? null : java.sql.Timestamp.from(inboundReceivedAt),
                        java.sql.Types.TIMESTAMP)
                .param("channel", route.channel().name())
                .param("gatewayInstance", route.gatewayInstance(), java.sql.Types.VARCHAR)
                .query(Long.class)
                .optional()
                .orElse(null);
        if (id != null) {
            AfterCommit.runOnce(signal, signal::wake);
            return new Accepted(id, key, true);
        }
        jdbc.sql("""
                INSERT INTO dedupe_collision (dedupe_key, business_id, conversation_id)
                VALUES (:key, :business, :conversation)
                """)
                .param("key", key)
                .param("business", businessId)
                .param("conversation", conversationId)
                .update();
        collisions.increment();
        long existing = jdbc.sql("SELECT id FROM outbound_message WHERE dedupe_key = :key")
                .param("key", key).query(Long.class).single();
        return new Accepted(existing, key, false);
    }
}
