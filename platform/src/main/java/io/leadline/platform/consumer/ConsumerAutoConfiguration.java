package io.leadline.platform.consumer;

import io.leadline.platform.PlatformProperties;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.outbox.Outbox;
import io.leadline.platform.outbox.OutboxAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnBean(Outbox.class)
public class ConsumerAutoConfiguration {

    @Bean
    IdempotentConsumer leadlineIdempotentConsumer(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            EventCodec codec, Outbox outbox, PlatformProperties properties, MeterRegistry meters) {
        return new IdempotentConsumer(jdbc, new TransactionTemplate(transactionManager), codec, outbox,
                properties.consumer().attempts(), meters);
    }

    @Bean
    DeadLetterRedrive leadlineDeadLetterRedrive(ConsumerFactory<String, byte[]> consumers,
            KafkaTemplate<String, byte[]> kafka) {
        return new DeadLetterRedrive(consumers, kafka);
    }
}
