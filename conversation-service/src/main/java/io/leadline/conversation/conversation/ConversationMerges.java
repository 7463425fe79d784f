package io.leadline.conversation.conversation;

import io.leadline.contracts.conversation.ConversationsMerged;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.conversation.conversation.ConversationRows.ConversationRow;
import io.leadline.conversation.lead.LeadMerges;
import io.leadline.platform.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When identity proves two contacts are one person, their conversations become one: the merged one's messages
 * move to the survivor, it is closed with a pointer to it, its key becomes an alias of the survivor's, and
 * {@link ConversationsMerged} tells the AI. Applying the same merge twice changes nothing the second time.
 */
@Service
class ConversationMerges {

    private final JdbcClient jdbc;
    private final ConversationRows conversations;
    private final LeadMerges leads;
    private final Outbox outbox;

    ConversationMerges(JdbcClient jdbc, ConversationRows conversations, LeadMerges leads, Outbox outbox) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.leads = leads;
        this.outbox = outbox;
    }

    @Transactional
    public void merge(ContactsMerged merged) {
        String business = merged.businessId();
        if (merged.mergedConversationKey() == null || merged.survivorConversationKey() == null
                || merged.mergedConversationKey().equals(merged.survivorConversationKey())) {
            throw new IllegalArgumentException("a merge needs two different conversation keys");
        }
        alias(business, merged.mergedConversationKey(), merged.survivorConversationKey(), merged.survivorContactId());
        leads.merge(business, merged.survivorContactId(), merged.mergedContactId());
        Optional<ConversationRow> loser = conversations.byKey(business, merged.mergedConversationKey());
        if (loser.isEmpty() || loser.get().mergedIntoId() != null) {
            return;
        }
        Optional<ConversationRow> survivor = conversations.byKey(business, merged.survivorConversationKey());
        if (survivor.isEmpty()) {
            // Only the merged key had a conversation: it simply becomes the survivor's.
            jdbc.sql("UPDATE conversation SET canonical_key = :key, contact_id = :contact WHERE id = :id")
                    .param("key", merged.survivorConversationKey())
                    .param("contact", merged.survivorContactId())
                    .param("id", loser.get().id())
                    .update();
            return;
        }
        long survivorId = survivor.get().id();
        long loserId = loser.get().id();
        jdbc.sql("UPDATE message SET conversation_id = :survivor WHERE conversation_id = :loser")
                .param("survivor", survivorId).param("loser", loserId).update();
        jdbc.sql("""
                UPDATE conversation s SET
                    last_inbound_at = greatest(s.last_inbound_at, l.last_inbound_at),
                    last_activity_at = greatest(s.last_activity_at, l.last_activity_at),
                    assignee = coalesce(s.assignee, l.assignee),
                    manual_name = coalesce(s.manual_name, l.manual_name),
                    profile_name = coalesce(s.profile_name, l.profile_name),
                    phone_e164 = coalesce(s.phone_e164, l.phone_e164),
                    reply_to_wa_id = coalesce(s.reply_to_wa_id, l.reply_to_wa_id),
                    reply_to_bsuid = coalesce(s.reply_to_bsuid, l.reply_to_bsuid)
                FROM conversation l WHERE s.id = :survivor AND l.id = :loser
                """).param("survivor", survivorId).param("loser", loserId).update();
        Instant at = merged.mergedAt() == null ? Instant.now() : merged.mergedAt();
        jdbc.sql("UPDATE conversation SET status = 'CLOSED', merged_into_id = :survivor, closed_at = :at WHERE id = :loser")
                .param("survivor", survivorId).param("loser", loserId).param("at", Timestamp.from(at)).update();
        outbox.publish(new ConversationsMerged(business, survivorId, loserId, merged.survivorContactId(),
                merged.mergedContactId(), at));
    }

    /** A person renamed the contact (or its phone became known): the inbox name follows. */
    @Transactional
    public void contactUpdated(ContactUpdated updated) {
        ContactCard card = updated.contact();
        jdbc.sql("""
                UPDATE conversation SET
                    manual_name = :manual,
                    profile_name = coalesce(:profile, profile_name),
                    phone_e164 = coalesce(:phone, phone_e164)
                WHERE business_id = :business AND canonical_key = coalesce(
                    (SELECT canonical_key FROM conversation_key_alias WHERE business_id = :business AND alias_key = :key),
                    :key)
                """)
                .param("business", updated.businessId())
                .param("key", updated.conversationKey())
                .param("manual", card.manualName() == null || card.manualName().isBlank() ? null : card.manualName())
                .param("profile", card.profileName())
                .param("phone", card.phoneE164())
                .update();
    }

    private void alias(String business, String aliasKey, String canonicalKey, long survivorContactId) {
        // Keys that pointed at the merged key now point at the survivor too: chains stay one hop long.
        jdbc.sql("""
                UPDATE conversation_key_alias SET canonical_key = :canonical, contact_id = :contact
                WHERE business_id = :business AND canonical_key = :alias AND alias_key <> :canonical
                """).param("business", business).param("alias", aliasKey).param("canonical", canonicalKey)
                .param("contact", survivorContactId).update();
        jdbc.sql("""
                INSERT INTO conversation_key_alias (business_id, alias_key, canonical_key, contact_id)
                VALUES (:business, :alias, :canonical, :contact)
                ON CONFLICT (business_id, alias_key) DO UPDATE
                    SET canonical_key = EXCLUDED.canonical_key, contact_id = EXCLUDED.contact_id
                """).param("business", business).param("alias", aliasKey).param("canonical", canonicalKey)
                .param("contact", survivorContactId).update();
    }
}
