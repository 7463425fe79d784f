package io.leadline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.spring.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

class SchemaValidationIT {

    @Test
    void aServiceInValidateModeRefusesToStartAgainstADatabaseMissingAMigration() {
        try (TestDatabase database = TestDatabase.create("schema_validation")) {
            try (var migrated = start(database, "migrate", "classpath:db/migration/platformtest")) {
                assertThat(migrated.getBean(JdbcClient.class).sql("SELECT count(*) FROM task").query(Long.class)
                        .single()).isZero();
            }

            assertThatThrownBy(() -> start(database, "validate",
                    "classpath:db/migration/platformtest,classpath:db/migration/platformtest-next").close())
                    .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                            .isInstanceOf(SchemaMismatchException.class)
                            .hasMessageContaining("does not match this build's migrations")
                            .hasMessageContaining("V2"));
        }
    }

    @Test
    void aServiceInValidateModeStartsAgainstAMigratedDatabase() {
        try (TestDatabase database = TestDatabase.create("schema_validation_ok")) {
            start(database, "migrate", "classpath:db/migration/platformtest").close();

            try (var validated = start(database, "validate", "classpath:db/migration/platformtest")) {
                assertThat(validated.isActive()).isTrue();
            }
        }
    }

    @Test
    void aServiceInValidateModeRefusesAnEmptyDatabase() {
        try (TestDatabase database = TestDatabase.create("schema_validation_empty")) {
            assertThatThrownBy(() -> start(database, "validate", "classpath:db/migration/platformtest").close())
                    .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                            .isInstanceOf(SchemaMismatchException.class));
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database, String mode, String locations) {
        Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties(database,
                "schema-validation-it." + UUID.randomUUID()));
        properties.put("leadline.platform.database.mode", mode);
        properties.put("spring.flyway.locations", locations);
        properties.put("spring.kafka.listener.auto-startup", false);
        return new SpringApplicationBuilder(PlatformTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run("--spring.flyway.locations=" + locations, "--leadline.platform.database.mode=" + mode);
    }
}
