package io.leadline.localstack;

import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.spring.TestInfrastructure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole stack for one test class: the JVM's shared broker, a fresh database, random ports. */
public final class TestStacks {

    public static final String APP_SECRET = "local-app-secret";
    public static final String ADMIN_TOKEN = TestInfrastructure.ADMIN_TOKEN;

    private TestStacks() {
    }

    public static LocalStack start(TestDatabase database) {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        Map<String, Object> defaults = new LinkedHashMap<>(StackConfig.fromEnvironment().defaults());
        defaults.put("logging.level.io.leadline", "warn");
        // The test's own infrastructure wins over anything the environment says.
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("spring.datasource.url", database.url());
        overrides.put("spring.datasource.username", database.user());
        overrides.put("spring.datasource.password", database.password());
        overrides.put("spring.datasource.hikari.maximum-pool-size", 5);
        overrides.put("spring.kafka.bootstrap-servers", bootstrap);
        overrides.put("leadline.platform.admin-token", ADMIN_TOKEN);
        overrides.put("leadline.ingest.meta.app-secret", APP_SECRET);
        return LocalStack.start(new StackConfig(bootstrap, Path.of("unused"), 0, 0, database.url(), database.user(),
                database.password(), false, null, 0, true, "." + database.name(), defaults, overrides));
    }
}
