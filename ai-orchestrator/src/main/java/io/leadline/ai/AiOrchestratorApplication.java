package io.leadline.ai;

import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Decides the reply to each inbound message. */
@SpringBootApplication
@EnableConfigurationProperties(AiProperties.class)
public class AiOrchestratorApplication {

    public static final String NAME = "ai-orchestrator";

    public static void main(String[] args) {
        LeadlineApplication.builder(AiOrchestratorApplication.class, NAME).run(args);
    }
}
