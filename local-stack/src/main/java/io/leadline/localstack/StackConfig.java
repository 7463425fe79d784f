package io.leadline.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run the stack.
 *
 * @param kafkaBootstrap      an external broker, or null to run one in this process
 * @param kafkaDirectory      where the in-process broker keeps its log
 * @param dbUrl               the database every service uses (each in its own schema)
 * @param ensureDatabase      create the database, and start a stopped local server, before the services start
 * @param graphUrl            an external WhatsApp Cloud API, or null to run the simulator
 * @param randomPorts         services and simulator on free ports instead of the fixed ones (tests)
 * @param consumerGroupSuffix when set, each service's consumer group is suffixed and starts at the end of every
 *                            topic, so several stacks can share one broker (tests)
 * @param defaults            the lowest-precedence settings: the environment overrides them
 * @param overrides           settings that win over everything, the environment included
 */
public record StackConfig(
        String kafkaBootstrap,
        Path kafkaDirectory,
        int kafkaPort,
        int kafkaControllerPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        boolean ensureDatabase,
        String graphUrl,
        int simulatorPort,
        boolean randomPorts,
        String consumerGroupSuffix,
        Map<String, Object> defaults,
        Map<String, Object> overrides) {

    /** The local stack's defaults from DESIGN.md, each overridable by the environment variable of the same name. */
    public static StackConfig fromEnvironment() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("LEADLINE_ADMIN_TOKEN", "local-admin-token");
        defaults.put("LEADLINE_META_APP_SECRET", "local-app-secret");
        defaults.put("LEADLINE_META_VERIFY_TOKEN", "local-verify-token");
        defaults.put("LEADLINE_GATEWAY_SECRET", "local-gateway-secret");
        defaults.put("LEADLINE_GATEWAY_API_KEY", "local-gateway-api-key");
        defaults.put("LEADLINE_WHATSAPP_ACCESS_TOKEN", "local-access-token");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.main.log-startup-info", "false");
        // Boot names a JVM's logs after its first application; here logger names tell the services apart.
        defaults.put("logging.include-application-name", "false");
        defaults.put("logging.level.root", "warn");
        defaults.put("logging.level.io.leadline", "info");
        // Five services in one JVM share its cores: one consumer thread per listener, not the platform's two (except
        // conversation's status listener, which sets its own). At 200 messages/s end to end on two cores the p50
        // fell from 158-204 ms to 97-118 ms (docs/benchmarks.md).
        defaults.put("spring.kafka.listener.concurrency", 1);
        return new StackConfig(
                env("LEADLINE_KAFKA_BOOTSTRAP_SERVERS", null),
                Path.of(env("LEADLINE_KAFKA_DIR", Path.of(System.getProperty("user.home"), ".leadline", "kafka")
                        .toString())),
                9092, 9093,
                env("LEADLINE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/leadline"),
                env("LEADLINE_DB_USER", "postgres"),
                env("LEADLINE_DB_PASSWORD", ""),
                true,
                env("LEADLINE_WHATSAPP_API_URL", null),
                8090,
                false,
                "",
                defaults,
                Map.of());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
