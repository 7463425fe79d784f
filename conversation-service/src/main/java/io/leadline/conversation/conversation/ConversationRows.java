package io.leadline.conversation.conversation;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.conversation.lead.Leads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Conversation rows: one per (business, canonical key), created by upsert, never by find-then-create. A key that
 * identity merged away resolves to the survivor's key in the same statement (the alias table), and a row merged
 * into another is followed to the survivor, so a message in flight during a merge still joins the one thread.
 */
@Component
class ConversationRows {

    private static final int MAX_MERGE_HOPS = 16;
    private static final String RETURNING =
            " RETURNING id, business_id, contact_id, assignee, last_inbound_at, merged_into_id, deleted_at";

    private final JdbcClient jdbc;

    ConversationRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param deleted soft-deleted: hidden from the inbox until restored, or until the customer writes again */
    record ConversationRow(long id, String businessId, long contactId, String assignee, Instant lastInboundAt,
            Long mergedIntoId, boolean deleted) {
    }

    /**
     * The conversation upsert, the message insert and the read of the lead in one statement (the hot path: one
     * round trip instead of three). When the key's conversation was merged away in a race, the message is not
     * inserted here: {@code messageId} is null and {@code conversation} is the survivor, for the caller to insert into.
     *
     * @param messageId the new message's id; null when it was a duplicate or when the conversation was merged
     */
    record Stored(ConversationRow conversation, Long messageId, String leadJson, boolean followedMerge) {
    }

    /** Who a resolved message says the person is, as a conversation row keeps it. */
    record Sender(long contactId, String manualName, String profileName, String phone, String waId, String bsuid) {

        static Sender of(InboundMessageResolved resolved) {
            ContactCard card = resolved.contact();
            Recipient replyTo = card.replyTo() == null ? new Recipient(null, null, null) : card.replyTo();
            return new Sender(card.contactId(), blankToNull(card.manualName()),
                    firstNonBlank(card.profileName(), resolved.message().profileName(),
                            card.manualName() == null ? card.displayName() : null),
                    firstNonBlank(card.phoneE164(), replyTo.phoneE164()), replyTo.waId(), replyTo.bsuid());
        }
    }

    /** What a message changes on its existing conversation: who the person is, newer times; shared with runs. */
    static final String ON_CONFLICT = """
            ON CONFLICT (business_id, canonical_key) DO UPDATE SET
                manual_name = coalesce(EXCLUDED.manual_name, conversation.manual_name),
                profile_name = coalesce(EXCLUDED.profile_name, conversation.profile_name),
                phone_e164 = coalesce(EXCLUDED.phone_e164, conversation.phone_e164),
                reply_to_wa_id = coalesce(EXCLUDED.reply_to_wa_id, conversation.reply_to_wa_id),
                reply_to_bsuid = coalesce(EXCLUDED.reply_to_bsuid, conversation.reply_to_bsuid),
                last_inbound_at = greatest(conversation.last_inbound_at, EXCLUDED.last_inbound_at),
                last_activity_at = greatest(conversation.last_activity_at, EXCLUDED.last_activity_at)
            RETURNING id, business_id, canonical_key, contact_id, assignee, last_inbound_at, merged_into_id, deleted_at
            """;

    Stored upsertWithMessage(InboundMessageResolved resolved, boolean customerWrote, MessageStore.NewMessage message) {
        Sender sender = Sender.of(resolved);
        Timestamp at = Timestamp.from(resolved.message().sentAt());
        Stored stored = jdbc.sql("""
                WITH alias AS (
                    SELECT canonical_key, contact_id FROM conversation_key_alias
                    WHERE business_id = :business AND alias_key = :key
                ), conv AS (
                    INSERT INTO conversation (business_id, canonical_key, contact_id, manual_name, profile_name,
                                              phone_e164, reply_to_wa_id, reply_to_bsuid, last_inbound_at, last_activity_at)
                    -- A key merged away stands for the survivor: its key, and its contact, whoever sent this message.
                    VALUES (:business, coalesce((SELECT canonical_key FROM alias), :key),
                            coalesce((SELECT contact_id FROM alias), :contact),
                            :manual, :profile, :phone, :waId, :bsuid, :inboundAt, :at)
                """ + ON_CONFLICT + """
                ), msg AS (
                    INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                         message_type, text, sent_at, received_at, delivery_status, status_at)
                    SELECT conv.id, :business, :channel, :providerId, :direction, :type, :text, :at, :receivedAt,
                           :status, :statusAt
                    FROM conv WHERE conv.merged_into_id IS NULL
                    ON CONFLICT DO NOTHING
                    RETURNING id
                )
                SELECT conv.*, (SELECT id FROM msg) AS message_id,
                """ + Leads.snapshotSql("conv.business_id", "conv.contact_id") + """
                 AS lead FROM conv
                """)
                .param("business", resolved.businessId())
                .param("key", resolved.conversationKey())
                .param("contact", sender.contactId())
                .param("manual", sender.manualName(), java.sql.Types.VARCHAR)
                .param("profile", sender.profileName(), java.sql.Types.VARCHAR)
                .param("phone", sender.phone(), java.sql.Types.VARCHAR)
                .param("waId", sender.waId(), java.sql.Types.VARCHAR)
                .param("bsuid", sender.bsuid(), java.sql.Types.VARCHAR)
                .param("inboundAt", customerWrote ? at : null, java.sql.Types.TIMESTAMP)
                .param("at", at)
                .param("channel", message.channel().name())
                .param("providerId", message.providerMessageId())
                .param("direction", message.direction().name())
                .param("type", message.type() == null ? "unknown" : message.type())
                .param("text", message.text(), java.sql.Types.VARCHAR)
                .param("receivedAt", Timestamp.from(message.receivedAt()))
                .param("status", message.deliveryStatus(), java.sql.Types.VARCHAR)
                .param("statusAt", message.deliveryStatus() == null ? null : at, java.sql.Types.TIMESTAMP)
                .query((rs, n) -> new Stored(row(rs, n), (Long) rs.getObject("message_id"), rs.getString("lead"),
                        false))
                .single();
        if (stored.conversation().mergedIntoId() == null) {
            return stored;
        }
        return new Stored(followMerges(stored.conversation(), resolved.message().sentAt(), customerWrote), null, null,
                true);
    }

    /** Records activity on a conversation known by id (an outbound event); follows a merge to the survivor. */
    ConversationRow touch(String businessId, long conversationId, Instant at) {
        ConversationRow row = update(businessId, conversationId, at, false)
                .orElseThrow(() -> new IllegalStateException("no conversation " + conversationId + " of " + businessId));
        return followMerges(row, at, false);
    }

    Optional<ConversationRow> byKey(String businessId, String key) {
        return jdbc.sql("SELECT * FROM conversation WHERE business_id = :business AND canonical_key = :key FOR UPDATE")
                .param("business", businessId)
                .param("key", key)
                .query(ConversationRows::row)
                .optional();
    }

    /**
     * The customer wrote again: a conversation someone deleted comes back to the inbox. Only for a new inbound
     * message, so neither a redelivered old message nor the business's own outbound one brings it back.
     */
    void undelete(long conversationId) {
        jdbc.sql("UPDATE conversation SET deleted_at = NULL WHERE id = :id AND deleted_at IS NOT NULL")
                .param("id", conversationId)
                .update();
    }

    private ConversationRow followMerges(ConversationRow row, Instant at, boolean customerWrote) {
        for (int hop = 0; row.mergedIntoId() != null; hop++) {
            if (hop == MAX_MERGE_HOPS) {
                throw new IllegalStateException("conversation " + row.id() + " is merged in a loop");
            }
            long survivor = row.mergedIntoId();
            row = update(row.businessId(), survivor, at, customerWrote)
                    .orElseThrow(() -> new IllegalStateException("merged into a missing conversation " + survivor));
        }
        return row;
    }

    private Optional<ConversationRow> update(String businessId, long id, Instant at, boolean customerWrote) {
        return jdbc.sql("""
                UPDATE conversation SET
                    last_activity_at = greatest(last_activity_at, :at),
                    last_inbound_at = CASE WHEN :inbound THEN greatest(last_inbound_at, :at) ELSE last_inbound_at END
                WHERE id = :id AND business_id = :business
                """ + RETURNING)
                .param("id", id)
                .param("business", businessId)
                .param("at", Timestamp.from(at))
                .param("inbound", customerWrote)
                .query(ConversationRows::row)
                .optional();
    }

    static ConversationRow row(ResultSet rs, int rowNum) throws SQLException {
        Timestamp lastInbound = rs.getTimestamp("last_inbound_at");
        return new ConversationRow(rs.getLong("id"), rs.getString("business_id"), rs.getLong("contact_id"),
                rs.getString("assignee"), lastInbound == null ? null : lastInbound.toInstant(),
                (Long) rs.getObject("merged_into_id"), rs.getTimestamp("deleted_at") != null);
    }

    static String firstNonBlank(String... values) {
        return Stream.of(values).filter(value -> value != null && !value.isBlank()).findFirst().orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
