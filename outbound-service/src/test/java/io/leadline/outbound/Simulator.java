package io.leadline.outbound;

import io.leadline.testkit.whatsapp.WhatsAppSimulator;

/** The one WhatsApp simulator this test JVM's outbound contexts talk to, over real HTTP. */
public final class Simulator {

    public static final String ACCESS_TOKEN = "test-access-token";

    private static final WhatsAppSimulator SHARED = WhatsAppSimulator.start(0, ACCESS_TOKEN);

    private Simulator() {
    }

    public static WhatsAppSimulator shared() {
        return SHARED;
    }
}
