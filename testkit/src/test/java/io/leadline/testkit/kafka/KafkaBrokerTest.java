package io.leadline.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @Test
    void aRecordProducedWithAcksAllIsConsumedBack() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        createTopic(bootstrap, "testkit.roundtrip");

        produce(bootstrap, "testkit.roundtrip", "hello");

        assertThat(consumeAll(bootstrap, "testkit.roundtrip", 1)).containsExactly("hello");
    }

    @Test
    void aRestartedBrokerKeepsItsPortAndItsData(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.persistent(Files.createDirectories(dir.resolve("kafka")),
                KafkaBroker.freePort(), KafkaBroker.freePort()).start()) {
            createTopic(broker.bootstrapServers(), "testkit.restart");
            produce(broker.bootstrapServers(), "testkit.restart", "before");

            broker.restart();
            produce(broker.bootstrapServers(), "testkit.restart", "after");

            assertThat(consumeAll(broker.bootstrapServers(), "testkit.restart", 2)).containsExactly("before", "after");
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
    }

    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
