package io.leadline.platform.outbox;

import io.leadline.platform.PlatformProperties;
import io.leadline.platform.event.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@AutoConfiguration(after = {DataSourceAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBean(DataSource.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxRelay leadlineOutboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            KafkaTemplate<String, byte[]> kafka, EventCodec codec, PlatformProperties properties,
            @Value("${spring.application.name}") String application, MeterRegistry meters) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), kafka, codec.mapper(), properties,
                "/leadline/" + application, meters);
    }

    @Bean
    Outbox leadlineOutbox(JdbcClient jdbc, EventCodec codec, OutboxRelay relay) {
        return new Outbox(jdbc, codec, relay::wake);
    }
}
