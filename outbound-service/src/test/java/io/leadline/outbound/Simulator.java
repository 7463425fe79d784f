package io.leadline.outbound;

import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A WhatsApp simulator for one test class, over real HTTP. Not shared: Spring keeps the contexts of earlier test
 * classes running, and their dispatchers' late retries would land in another class's counts and use up its
 * planned faults.
 */
public final class Simulator {

    public static final String ACCESS_TOKEN = "test-access-token";

    private Simulator() {
    }

    public static WhatsAppSimulator start() {
        return WhatsAppSimulator.start(0, ACCESS_TOKEN);
    }

    /** A simulator that also serves a gateway (Evolution API), taking sends only with this key. */
    public static WhatsAppSimulator withGateway(String apiKey) {
        return WhatsAppSimulator.start(0, ACCESS_TOKEN, apiKey);
    }

    /** Points the Graph API and the gateway instance at the simulator. */
    public static void register(DynamicPropertyRegistry registry, WhatsAppSimulator simulator, String instance,
            String apiKey) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
        registry.add("leadline.outbound.gateway.instances." + instance + ".base-url", simulator::baseUrl);
        registry.add("leadline.outbound.gateway.instances." + instance + ".api-key", () -> apiKey);
    }
}
