package io.leadline.localstack;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.conversation.ConversationApplication;
import io.leadline.identity.IdentityApplication;
import io.leadline.ingest.IngestApplication;
import io.leadline.outbound.OutboundApplication;

/** The five services, in start order, with their fixed ports from DESIGN.md. */
public enum Service {
    IDENTITY(IdentityApplication.class, IdentityApplication.NAME, 8082),
    CONVERSATION(ConversationApplication.class, ConversationApplication.NAME, 8083),
    AI(AiOrchestratorApplication.class, AiOrchestratorApplication.NAME, 8084),
    OUTBOUND(OutboundApplication.class, OutboundApplication.NAME, 8085),
    INGEST(IngestApplication.class, IngestApplication.NAME, 8081);

    private final Class<?> application;
    private final String serviceName;
    private final int port;

    Service(Class<?> application, String serviceName, int port) {
        this.application = application;
        this.serviceName = serviceName;
        this.port = port;
    }

    public Class<?> application() {
        return application;
    }

    public String serviceName() {
        return serviceName;
    }

    public int defaultPort() {
        return port;
    }
}
