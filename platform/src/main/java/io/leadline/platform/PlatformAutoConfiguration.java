package io.leadline.platform;

import io.leadline.platform.event.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;

/** What every service shares: the platform settings, the event codec, and a {@code service} tag on every metric. */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    EventCodec leadlineEventCodec() {
        return new EventCodec();
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> leadlineServiceTag(@Value("${spring.application.name}") String service) {
        return registry -> registry.config().commonTags("service", service);
    }
}
