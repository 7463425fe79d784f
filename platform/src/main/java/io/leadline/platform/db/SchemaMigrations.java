package io.leadline.platform.db;

import io.leadline.platform.PlatformProperties.Database.Mode;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Brings a service's schema to this build's migrations at start-up, or refuses to start.
 *
 * <p>Two histories live in the schema: the service's own ({@code flyway_schema_history}) and the platform's
 * tables, outbox and processed events ({@code platform_schema_history}), so each evolves on its own version line.
 * In VALIDATE mode (production, where a deploy step migrates) any pending, missing or changed migration stops
 * the start with a message that says which, instead of failing a request later.
 */
class SchemaMigrations implements FlywayMigrationStrategy {

    static final String PLATFORM_HISTORY = "platform_schema_history";

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    private final Mode mode;

    SchemaMigrations(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void migrate(Flyway service) {
        Flyway platform = Flyway.configure(service.getConfiguration().getClassLoader())
                .configuration(service.getConfiguration())
                .table(PLATFORM_HISTORY)
                .locations("classpath:db/platform")
                // The service's migrations run first on an empty schema; the platform's history starts after them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        if (mode == Mode.MIGRATE) {
            service.migrate();
            platform.migrate();
        } else {
            validate(service, "flyway_schema_history");
            validate(platform, PLATFORM_HISTORY);
            log.info("Schema {} matches this build's migrations", String.join(",", service.getConfiguration().getSchemas()));
        }
    }

    private static void validate(Flyway flyway, String history) {
        ValidateResult result = flyway.validateWithResult();
        if (!result.validationSuccessful) {
            String problems = result.invalidMigrations.stream()
                    .map(invalid -> "  - " + (invalid.version == null ? "" : "V" + invalid.version + " ")
                            + invalid.description + ": " + invalid.errorDetails.errorMessage)
                    .collect(Collectors.joining("\n"));
            throw new SchemaMismatchException("Database schema " + String.join(",", flyway.getConfiguration()
                    .getSchemas()) + " does not match this build's migrations (" + history + "):\n" + problems
                    + "\nApply the migrations first (leadline.platform.database.mode=migrate, or flyway migrate)"
                    + " and start again.");
        }
    }
}
