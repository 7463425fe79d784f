package io.leadline.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's settings, shared by every service ({@code leadline.platform.*}). Defaults live in
 * {@code leadline-platform-defaults.yml}; a service's own {@code application.yml} or the environment override them.
 *
 * @param adminToken the bearer token everything under {@code /api/} requires
 * @param businesses the businesses (tenants) this deployment serves
 */
@ConfigurationProperties("leadline.platform")
public record PlatformProperties(
        String adminToken,
        Kafka kafka,
        Outbox outbox,
        Consumer consumer,
        Database database,
        List<Business> businesses) {

    public PlatformProperties {
        businesses = businesses == null ? List.of() : List.copyOf(businesses);
    }

    public Optional<Business> business(String id) {
        return businesses.stream().filter(business -> business.id().equals(id)).findFirst();
    }

    /**
     * @param partitions        partitions of every topic Leadline creates
     * @param replicationFactor replicas of every topic; null takes the broker's default
     * @param sendTimeout       how long a producer waits for the broker's acknowledgement
     */
    public record Kafka(int partitions, Short replicationFactor, Duration sendTimeout) {
    }

    /**
     * @param pollInterval the safety-net poll of the relay; commits wake it at once
     * @param batchSize    rows the relay publishes per round
     * @param retention    how long published rows are kept for inspection before they are purged
     */
    public record Outbox(Duration pollInterval, int batchSize, Duration retention) {
    }

    /**
     * @param attempts           attempts per record before it goes to the dead-letter topic
     * @param processedRetention how long consumed event ids are remembered; keep it above the topics' retention
     * @param retryBackoff       back-off between retries of a whole batch when the database or broker is down
     */
    public record Consumer(int attempts, Duration processedRetention, Duration retryBackoff) {
    }

    /**
     * @param mode MIGRATE applies pending migrations at start-up; VALIDATE refuses to start when the schema
     *             does not match this build's migrations (production, where a deploy step migrates)
     */
    public record Database(Mode mode) {

        public enum Mode {
            MIGRATE,
            VALIDATE
        }
    }

    /**
     * @param metaPhoneNumberId the WhatsApp Cloud API phone number id that routes webhooks to this business
     * @param defaultRegion     ISO 3166 region for numbers written without a country code
     */
    public record Business(String id, String metaPhoneNumberId, String defaultRegion) {
    }
}
