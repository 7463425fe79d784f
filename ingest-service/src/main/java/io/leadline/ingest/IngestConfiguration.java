package io.leadline.ingest;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The producer of a webhook receiver: it may never block a request longer than the acknowledgement timeout. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer ingestProducerBounds(IngestProperties properties) {
        long timeout = Math.max(500, properties.ackTimeout().toMillis());
        // A record the caller was already answered 503 for expires soon after, instead of lingering for 30 s.
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * timeout + 100)));
    }
}
