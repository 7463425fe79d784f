package io.leadline.conversation.conversation;

import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.conversation.conversation.ConversationRows.ConversationRow;
import io.leadline.conversation.conversation.ConversationRows.Sender;
import io.leadline.conversation.conversation.MessageStore.NewMessage;
import io.leadline.conversation.lead.Leads;
import io.leadline.conversation.sql.ValuesList;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set-based statements behind {@link InboundRuns}: one upsert for every conversation a run of messages touches
 * and one insert for all its messages, under the rules of the per-message statement in {@link ConversationRows}
 * (aliases resolved to the survivor's key and contact, names only ever filled in, times only moved forward,
 * {@code ON CONFLICT DO NOTHING} on the message's unique key).
 */
@Component
class InboundRunRows {

    private final JdbcClient jdbc;

    InboundRunRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A message of the run; {@code ord} is its place in the run. */
    record Item(int ord, InboundMessageResolved resolved, NewMessage message, boolean customerWrote) {
    }

    /**
     * The conversation a message went to.
     *
     * @param lastInboundBefore the conversation's last inbound time before the run (null: none, or a new one)
     * @param leadJson          its contact's lead as the run started ({@link Leads#snapshotSql})
     */
    record Target(ConversationRow conversation, Instant lastInboundBefore, String leadJson) {
    }

    /** Each item's conversation, by the item's place in the run. */
    Map<Integer, Target> upsertConversations(List<Item> items) {
        ValuesList input = ValuesList.of("c", "ord int", "business text", "key text", "contact bigint",
                "manual text", "profile text", "phone text", "wa_id text", "bsuid text", "inbound_at timestamptz",
                "at timestamptz");
        for (Item item : items) {
            Sender sender = Sender.of(item.resolved());
            Instant at = item.resolved().message().sentAt();
            input.add(item.ord(), item.resolved().businessId(), item.resolved().conversationKey(), sender.contactId(),
                    sender.manualName(), sender.profileName(), sender.phone(), sender.waId(), sender.bsuid(),
                    item.customerWrote() ? at : null, at);
        }
        return input.bind(jdbc.sql("""
                WITH input (%s) AS (%s),
                resolved AS (
                    SELECT i.*, coalesce(a.canonical_key, i.key) AS canonical, coalesce(a.contact_id, i.contact) AS owner
                    FROM input i
                    LEFT JOIN conversation_key_alias a ON a.business_id = i.business AND a.alias_key = i.key
                ), before AS (
                    -- read before the upsert below changes anything: sibling parts of a statement share its snapshot
                    SELECT c.id, c.last_inbound_at FROM conversation c
                    WHERE (c.business_id, c.canonical_key) IN (SELECT business, canonical FROM resolved)
                ), conv AS (
                    INSERT INTO conversation (business_id, canonical_key, contact_id, manual_name, profile_name,
                                              phone_e164, reply_to_wa_id, reply_to_bsuid, last_inbound_at, last_activity_at)
                    -- one row per conversation, as if its messages came one by one: the first one's contact opens
                    -- it, the last name known wins, the times are the latest
                    SELECT business, canonical, (array_agg(owner ORDER BY ord))[1],
                           (array_agg(manual ORDER BY ord DESC) FILTER (WHERE manual IS NOT NULL))[1],
                           (array_agg(profile ORDER BY ord DESC) FILTER (WHERE profile IS NOT NULL))[1],
                           (array_agg(phone ORDER BY ord DESC) FILTER (WHERE phone IS NOT NULL))[1],
                           (array_agg(wa_id ORDER BY ord DESC) FILTER (WHERE wa_id IS NOT NULL))[1],
                           (array_agg(bsuid ORDER BY ord DESC) FILTER (WHERE bsuid IS NOT NULL))[1],
                           max(inbound_at), max(at)
                    FROM resolved GROUP BY business, canonical ORDER BY business, canonical
                """.formatted(input.names(), input.select()) + ConversationRows.ON_CONFLICT + """
                )
                SELECT r.ord, conv.*, before.last_inbound_at AS inbound_before,
                """ + Leads.snapshotSql("conv.business_id", "conv.contact_id") + """
                 AS lead
                FROM resolved r
                JOIN conv ON conv.business_id = r.business AND conv.canonical_key = r.canonical
                LEFT JOIN before ON before.id = conv.id
                """))
                .query((rs, n) -> {
                    Timestamp before = rs.getTimestamp("inbound_before");
                    return Map.entry(rs.getInt("ord"), new Target(ConversationRows.row(rs, n),
                            before == null ? null : before.toInstant(), rs.getString("lead")));
                })
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The ids of the messages stored now, by place in the run; a message already stored (or earlier in the run) has none. */
    Map<Integer, Long> insertMessages(List<Item> items, Map<Integer, Target> targets) {
        ValuesList input = ValuesList.of("m", "ord int", "conversation bigint", "business text", "channel text",
                "provider_id text", "direction text", "type text", "text text", "sent_at timestamptz",
                "received_at timestamptz", "status text");
        for (Item item : items) {
            NewMessage message = item.message();
            input.add(item.ord(), targets.get(item.ord()).conversation().id(), message.businessId(),
                    message.channel().name(), message.providerMessageId(), message.direction().name(),
                    message.type() == null ? "unknown" : message.type(), message.text(), message.sentAt(),
                    message.receivedAt(), message.deliveryStatus());
        }
        return input.bind(jdbc.sql("""
                WITH input (%s) AS (%s),
                inserted AS (
                    INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                         message_type, text, sent_at, received_at, delivery_status, status_at)
                    SELECT conversation, business, channel, provider_id, direction, type, text, sent_at, received_at,
                           status, CASE WHEN status IS NULL THEN NULL ELSE sent_at END
                    FROM input ORDER BY ord
                    ON CONFLICT DO NOTHING
                    RETURNING id, business_id, channel, provider_message_id
                )
                -- a message twice in one run is inserted once, in its first place
                SELECT min(i.ord) AS ord, inserted.id
                FROM inserted
                JOIN input i ON i.business = inserted.business_id AND i.channel = inserted.channel
                            AND i.provider_id = inserted.provider_message_id
                GROUP BY inserted.id
                """.formatted(input.names(), input.select())))
                .query((rs, n) -> Map.entry(rs.getInt("ord"), rs.getLong("id")))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
