package io.leadline.testkit.spring;

import io.leadline.testkit.kafka.ConsumerGroups;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.postgres.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/** The properties that point a service at the shared broker and a fresh database. */
public final class TestInfrastructure {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private TestInfrastructure() {
    }

    /**
     * Properties for one service context.
     *
     * @param group the consumer group this context uses; positioned at the end of every topic
     */
    public static Map<String, Object> properties(TestDatabase database, String group) {
        KafkaBroker broker = KafkaBroker.shared();
        ConsumerGroups.positionAtEnd(broker.bootstrapServers(), group);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", database.user());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.datasource.hikari.maximum-pool-size", 6);
        properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("leadline.platform.admin-token", ADMIN_TOKEN);
        properties.put("logging.level.kafka", "warn");
        properties.put("logging.level.org.apache.kafka", "warn");
        properties.put("logging.level.state.change.logger", "warn");
        return properties;
    }
}
