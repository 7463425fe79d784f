package io.leadline.localstack.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the benchmark changes from the local stack's defaults, and why. Everything else runs as shipped.
 */
final class BenchSettings {

    private static final Map<String, Object> SETTINGS = Map.of(
            // One business number carries the whole load: Meta's highest tier for one number is 1,000 messages/s.
            "leadline.outbound.pacing.messages-per-second", 1000,
            // Calls in flight, sized as the outbound README says (the rate × the time a place is held): on two cores
            // shared by the whole stack a place is held ~150 ms, so the shipped 32 carry ~200 sends/s and held
            // replies for seconds at 200/s. 64: p50 2.4 and 1.9 s against 3.7 and 10.4 s; 128 starved the ingest.
            "leadline.outbound.graph.max-concurrent-requests", 64);

    private BenchSettings() {
    }

    /**
     * The settings to pass over the services' own files, which would otherwise win (outbound-service.yml paces a
     * number at Meta's default tier, 80/s, and end-to-end runs measured that pace for two days). A setting the
     * environment gives (its relaxed name, {@code LEADLINE_OUTBOUND_PACING_MESSAGESPERSECOND}) is left to it.
     */
    static Map<String, Object> overrides(Map<String, String> environment) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        SETTINGS.forEach((key, value) -> {
            if (!environment.containsKey(environmentName(key))) {
                overrides.put(key, value);
            }
        });
        return overrides;
    }

    static String environmentName(String key) {
        return key.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }
}
