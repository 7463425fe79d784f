package io.leadline.conversation;

import io.leadline.conversation.config.ConversationProperties;
import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** One conversation per person, one message table, the inbox API and lead auto-fill. */
@SpringBootApplication
@EnableConfigurationProperties(ConversationProperties.class)
public class ConversationApplication {

    public static final String NAME = "conversation-service";

    public static void main(String[] args) {
        LeadlineApplication.builder(ConversationApplication.class, NAME).run(args);
    }
}
