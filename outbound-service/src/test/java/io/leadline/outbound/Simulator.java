package io.leadline.outbound;

import io.leadline.testkit.whatsapp.WhatsAppSimulator;

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
}
