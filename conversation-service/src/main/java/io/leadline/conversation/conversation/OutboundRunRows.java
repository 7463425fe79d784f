package io.leadline.conversation.conversation;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.conversation.conversation.ConversationRows.ConversationRow;
import io.leadline.conversation.lead.Leads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The statements of {@link OutboundRuns}: each takes the whole run as column arrays ({@code unnest}), so one
 * statement serves a run of any length.
 */
@Component
class OutboundRunRows {

    private final JdbcClient jdbc;

    OutboundRunRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A conversation after its sends touched it, with its contact's lead. */
    record Touched(ConversationRow row, String leadJson) {
    }

    static Channel channel(OutboundSent sent) {
        return sent.channel() == null ? Channel.META_CLOUD : sent.channel();
    }

    /** Moves each conversation's last activity to its latest send; by conversation id. */
    Map<Long, Touched> touch(List<OutboundSent> sends) {
        Map<Long, Touched> touched = new HashMap<>();
        jdbc.sql("""
                UPDATE conversation c SET last_activity_at = greatest(c.last_activity_at, t.at)
                FROM (SELECT id, business, max(at) AS at
                      FROM unnest(CAST(:ids AS bigint[]), CAST(:businesses AS text[]), CAST(:ats AS timestamptz[]))
                           AS s (id, business, at)
                      GROUP BY id, business) t
                WHERE c.id = t.id AND c.business_id = t.business
                RETURNING c.id, c.business_id, c.contact_id, c.assignee, c.last_inbound_at, c.merged_into_id,
                          c.deleted_at,
                """ + Leads.snapshotSql("c.business_id", "c.contact_id") + " AS lead")
                .param("ids", column(sends, Long[]::new, OutboundSent::conversationId))
                .param("businesses", column(sends, String[]::new, OutboundSent::businessId))
                .param("ats", column(sends, String[]::new, sent -> sent.sentAt().toString()))
                .query((rs, n) -> touched.put(rs.getLong("id"),
                        new Touched(ConversationRows.row(rs, n), rs.getString("lead"))))
                .list();
        return touched;
    }

    /** Whether a send confirms a message recorded failed or unknown before (see {@link MessageStore#confirmSend}). */
    boolean confirmsEarlierRows(List<OutboundSent> sends) {
        return Boolean.TRUE.equals(jdbc.sql("""
                SELECT EXISTS (
                    SELECT 1 FROM message m
                    JOIN unnest(CAST(:businesses AS text[]), CAST(:outbounds AS bigint[])) AS s (business, outbound)
                      ON m.business_id = s.business AND m.outbound_id = s.outbound
                    WHERE m.provider_message_id IS NULL)
                """)
                .param("businesses", column(sends, String[]::new, OutboundSent::businessId))
                .param("outbounds", column(sends, Long[]::new, OutboundSent::outboundId))
                .query(Boolean.class).single());
    }

    /** Stores the sends as outbound messages; the new rows' ids by place in the run (a send stored before has none). */
    Map<Integer, Long> insert(List<OutboundSent> sends) {
        Map<String, Integer> firstPlace = new HashMap<>();
        for (int i = 0; i < sends.size(); i++) {
            firstPlace.putIfAbsent(key(sends.get(i).businessId(), channel(sends.get(i)).name(),
                    sends.get(i).providerMessageId()), i);
        }
        Map<Integer, Long> inserted = new HashMap<>();
        jdbc.sql("""
                INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                     message_type, text, sent_at, received_at, outbound_id, delivery_status, status_at)
                SELECT conversation, business, channel, provider_id, 'OUTBOUND', 'text', text, sent_at, sent_at,
                       outbound, 'SENT', sent_at
                FROM unnest(CAST(:conversations AS bigint[]), CAST(:businesses AS text[]), CAST(:channels AS text[]),
                            CAST(:providerIds AS text[]), CAST(:texts AS text[]), CAST(:ats AS timestamptz[]),
                            CAST(:outbounds AS bigint[]))
                     WITH ORDINALITY AS s (conversation, business, channel, provider_id, text, sent_at, outbound, ord)
                ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING id, business_id, channel, provider_message_id
                """)
                .param("conversations", column(sends, Long[]::new, OutboundSent::conversationId))
                .param("businesses", column(sends, String[]::new, OutboundSent::businessId))
                .param("channels", column(sends, String[]::new, sent -> channel(sent).name()))
                .param("providerIds", column(sends, String[]::new, OutboundSent::providerMessageId))
                .param("texts", column(sends, String[]::new, OutboundSent::text))
                .param("ats", column(sends, String[]::new, sent -> sent.sentAt().toString()))
                .param("outbounds", column(sends, Long[]::new, OutboundSent::outboundId))
                .query((rs, n) -> inserted.put(firstPlace.get(key(rs.getString("business_id"),
                        rs.getString("channel"), rs.getString("provider_message_id"))), rs.getLong("id")))
                .list();
        return inserted;
    }

    /** Removes the statuses parked for these sends' messages; answers them in the order they happened. */
    List<DeliveryStatusReported> takeParked(List<OutboundSent> sends) {
        if (sends.isEmpty()) {
            return List.of();
        }
        List<DeliveryStatusReported> parked = new ArrayList<>(jdbc.sql("""
                DELETE FROM parked_status p
                USING unnest(CAST(:businesses AS text[]), CAST(:providerIds AS text[])) AS s (business, provider_id)
                WHERE p.business_id = s.business AND p.provider_message_id = s.provider_id
                RETURNING p.business_id, p.channel, p.provider_message_id, p.status, p.status_at, p.error_code,
                          p.error_title
                """)
                .param("businesses", column(sends, String[]::new, OutboundSent::businessId))
                .param("providerIds", column(sends, String[]::new, OutboundSent::providerMessageId))
                .query((rs, n) -> {
                    Integer code = (Integer) rs.getObject("error_code");
                    String title = rs.getString("error_title");
                    return new DeliveryStatusReported(rs.getString("business_id"),
                            Channel.valueOf(rs.getString("channel")), rs.getString("provider_message_id"),
                            DeliveryState.valueOf(rs.getString("status")), rs.getTimestamp("status_at").toInstant(),
                            null, null, code == null && title == null ? List.of()
                                    : List.of(new ProviderError(code == null ? 0 : code, title, null, null)),
                            null, null, Map.of());
                })
                .list());
        parked.sort(Comparator.comparing(DeliveryStatusReported::at));
        return parked;
    }

    private static String key(String business, String channel, String providerId) {
        return business + "|" + channel + "|" + providerId;
    }

    private static <T> T[] column(List<OutboundSent> sends, IntFunction<T[]> array, Function<OutboundSent, T> cell) {
        return sends.stream().map(cell).toArray(array);
    }
}
