package io.leadline.platform.db;

import io.leadline.platform.PlatformProperties;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** For services with a database: schema migration or validation at start-up, and the platform tables' upkeep. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, JdbcClientAutoConfiguration.class},
        before = FlywayAutoConfiguration.class)
@ConditionalOnClass({JdbcClient.class, Flyway.class})
@ConditionalOnBean(DataSource.class)
public class DatabaseAutoConfiguration {

    @Bean
    FlywayMigrationStrategy leadlineSchemaMigrations(PlatformProperties properties) {
        return new SchemaMigrations(properties.database().mode());
    }

    /** Keeps the platform's tables small: published outbox rows and remembered event ids past their retention. */
    @Bean
    RetentionPurge leadlineHousekeeping(JdbcClient jdbc, PlatformProperties properties) {
        return new RetentionPurge("housekeeping", jdbc, Duration.ofMinutes(5), List.of(
                new RetentionPurge.Expiry("published outbox rows", "outbox_event", "published_at",
                        properties.outbox().retention()),
                new RetentionPurge.Expiry("remembered event ids", "processed_event", "processed_at",
                        properties.consumer().processedRetention())));
    }
}
