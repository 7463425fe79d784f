package io.leadline.platform.kafka;

import io.leadline.platform.PlatformProperties;
import io.leadline.platform.event.EventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka as every Leadline service uses it. Connection settings come from {@code spring.kafka.*}; what keeps
 * delivery safe is fixed here and cannot be configured away: idempotent producers with {@code acks=all},
 * String keys and JSON bytes, offsets committed by the container after the listener's transaction.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
public class KafkaConventionsAutoConfiguration {

    @Bean
    DefaultKafkaProducerFactoryCustomizer leadlineProducerConventions() {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Replaces Spring Kafka's default listener, which logs a failed record's whole key and value. */
    @Bean
    @ConditionalOnMissingBean(ProducerListener.class)
    ProducerListener<Object, Object> leadlineProducerListener() {
        return new MaskingProducerListener();
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer leadlineConsumerConventions() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /**
     * Reached only when a whole batch failed, which the idempotent consumer allows only for infrastructure
     * failures (a poison record goes to its dead-letter topic instead): retry the batch with back-off, forever,
     * never skipping it.
     */
    @Bean
    CommonErrorHandler leadlineBatchErrorHandler(PlatformProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(properties.consumer().retryBackoff().toMillis());
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    KafkaAdmin.NewTopics leadlineTopics(PlatformProperties properties) {
        List<NewTopic> topics = LeadlineTopics.all(properties.kafka());
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    TopicProvisioner leadlineTopicProvisioner(KafkaAdmin admin, PlatformProperties properties) {
        admin.setAutoCreate(false);
        return new TopicProvisioner(admin, LeadlineTopics.all(properties.kafka()).stream().map(NewTopic::name)
                .toArray(String[]::new));
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    @Bean
    EventPublisher leadlineEventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec,
            PlatformProperties properties, @Value("${spring.application.name}") String application) {
        Duration timeout = properties.kafka().sendTimeout();
        return new EventPublisher(kafka, codec, "/leadline/" + application, timeout);
    }
}
