package io.leadline.conversation.conversation;

import io.leadline.conversation.config.ConversationProperties;
import io.leadline.platform.db.RetentionPurge;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes parked statuses whose message never arrived within the retention (a send made outside Leadline, or a
 * message lost upstream), so {@code parked_status} stays small.
 */
@Component
class ParkedStatusPurge extends RetentionPurge {

    ParkedStatusPurge(JdbcClient jdbc, ConversationProperties properties) {
        super("parked-status-purge", jdbc, properties.parkedStatuses().purgeInterval(), List.of(new Expiry(
                "parked statuses whose message never arrived", "parked_status", "parked_at",
                properties.parkedStatuses().retention())));
    }
}
