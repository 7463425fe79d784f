package io.leadline.localstack.bench;

import java.util.Map;

/**
 * What the benchmark changes from the local stack's defaults, and why. Everything else runs as shipped.
 */
final class BenchSettings {

    /** Settings applied beneath the environment (an operator can still override them). */
    static final Map<String, Object> SETTINGS = Map.of(
            // One business number carries the whole load: Meta's highest tier for one number is 1,000 messages/s.
            "leadline.outbound.pacing.messages-per-second", 1000);

    private BenchSettings() {
    }
}
