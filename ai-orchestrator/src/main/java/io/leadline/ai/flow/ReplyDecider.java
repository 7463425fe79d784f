package io.leadline.ai.flow;

import io.leadline.contracts.Direction;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.outbox.Outbox;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One decision per inbound customer message, stored before it is published. The walking skeleton answers with
 * the first qualification question; the qualification flow replaces this rule.
 */
@Service
class ReplyDecider {

    static final String FIRST_QUESTION_KEY = "service";
    static final String FIRST_QUESTION = "Thanks for your message! Which service are you interested in?";

    private final JdbcClient jdbc;
    private final Outbox outbox;

    ReplyDecider(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public void decide(MessageAccepted message) {
        if (message.direction() != Direction.INBOUND || message.assignee() != null) {
            return;
        }
        Optional<Long> decision = jdbc.sql("""
                INSERT INTO decision (business_id, conversation_id, inbound_message_id, reply_type, question_key, text)
                VALUES (:business, :conversation, :inbound, 'QUESTION', :questionKey, :text)
                ON CONFLICT (business_id, inbound_message_id) DO NOTHING
                RETURNING id
                """)
                .param("business", message.businessId())
                .param("conversation", message.conversationId())
                .param("inbound", message.messageId())
                .param("questionKey", FIRST_QUESTION_KEY)
                .param("text", FIRST_QUESTION)
                .query(Long.class).optional();
        decision.ifPresent(id -> outbox.publish(new ReplyIntended(message.businessId(), message.conversationId(),
                message.messageId(), message.providerMessageId(), "QUESTION", FIRST_QUESTION_KEY, FIRST_QUESTION,
                message.replyTo(), message.lastInboundAt())));
    }
}
