package io.leadline.conversation;

import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One conversation per person, one message table, the inbox API. */
@SpringBootApplication
public class ConversationApplication {

    public static final String NAME = "conversation-service";

    public static void main(String[] args) {
        LeadlineApplication.builder(ConversationApplication.class, NAME).run(args);
    }
}
