package io.leadline.outbound.send;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.event.EventEnvelope;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * When each customer last wrote (WhatsApp's 24-hour window runs from it; the time only moves forward), and the way
 * they wrote in, from their own latest message. A batch is one statement, its rows in conversation order, so two
 * consumers that update the same windows take their row locks in the same order.
 */
@Component
class ConversationWindows {

    private final JdbcClient jdbc;

    ConversationWindows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param route the way the customer wrote in at {@code lastInboundAt}; null when the event does not say */
    record Window(long conversationId, String businessId, Instant lastInboundAt, Route route) {
    }

    /** Every message event says when the customer last wrote; the customer's own latest one says how. */
    @Transactional
    public void trackAccepted(List<EventEnvelope<MessageAccepted>> envelopes) {
        track(envelopes.stream().map(EventEnvelope::payload).map(message -> {
            boolean latestFromCustomer = message.direction() == Direction.INBOUND && message.sentAt() != null
                    && message.sentAt().equals(message.lastInboundAt());
            return new Window(message.conversationId(), message.businessId(), message.lastInboundAt(),
                    latestFromCustomer ? Route.of(message.channel(), message.gatewayInstance()) : null);
        }).toList());
    }

    void track(Collection<Window> windows) {
        Map<Long, Window> latest = new TreeMap<>();
        for (Window window : windows) {
            if (window.lastInboundAt() != null) {
                Route known = window.route() != null && window.route().known() ? window.route() : null;
                latest.merge(window.conversationId(), new Window(window.conversationId(), window.businessId(),
                        window.lastInboundAt(), known), ConversationWindows::later);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        // One row per conversation: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
        jdbc.sql("""
                INSERT INTO conversation_window (conversation_id, business_id, last_inbound_at, channel,
                                                 gateway_instance)
                SELECT * FROM unnest(CAST(:conversations AS bigint[]), CAST(:businesses AS text[]),
                                     CAST(:ats AS timestamptz[]), CAST(:channels AS text[]),
                                     CAST(:instances AS text[]))
                ORDER BY 1
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
                .param("conversations", latest.keySet().toArray(Long[]::new))
                .param("businesses", latest.values().stream().map(Window::businessId).toArray(String[]::new))
                .param("ats", latest.values().stream().map(w -> w.lastInboundAt().toString()).toArray(String[]::new))
                .param("channels", latest.values().stream()
                        .map(w -> w.route() == null ? null : w.route().channel().name()).toArray(String[]::new))
                .param("instances", latest.values().stream()
                        .map(w -> w.route() == null ? null : w.route().gatewayInstance()).toArray(String[]::new))
                .update();
    }

    /** What the row would hold after both, applied one after the other: the later time, a known way first. */
    private static Window later(Window one, Window other) {
        int order = other.lastInboundAt().compareTo(one.lastInboundAt());
        return order > 0 || (order == 0 && one.route() == null && other.route() != null) ? other : one;
    }

    /** The way the customer last wrote in, so an agent answers the same way; the Cloud API when nobody knows. */
    Route lastRoute(long conversationId) {
        return jdbc.sql("SELECT channel, gateway_instance FROM conversation_window WHERE conversation_id = :c")
                .param("c", conversationId)
                .query((rs, n) -> rs.getString("channel") == null ? Route.CLOUD_API
                        : Route.of(Channel.valueOf(rs.getString("channel")), rs.getString("gateway_instance")))
                .optional().orElse(Route.CLOUD_API);
    }
}
