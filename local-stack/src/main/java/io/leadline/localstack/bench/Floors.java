package io.leadline.localstack.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * The machine's floors, measured in the same run as the stack: what one Kafka produce→consume round trip and one
 * PostgreSQL autocommit insert cost here, so every figure of the benchmark also reads as a ratio to them.
 */
final class Floors {

    record Result(Stats kafkaRoundTrip, Stats postgresInsert, double postgresInsertsPerSecond) {
    }

    private Floors() {
    }

    static Result measure(String bootstrapServers, String dbUrl, String dbUser, String dbPassword) throws Exception {
        Stats kafka = kafkaRoundTrip(bootstrapServers, 2_000, 1_000);
        long[] insert = new long[2_000];
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            connection.createStatement().execute(
                    "CREATE TEMP TABLE floor_insert (id uuid PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL)");
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO floor_insert (id, body, at) VALUES (?, ?, now())")) {
                for (int i = 0; i < insert.length; i++) {
                    long t0 = System.nanoTime();
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, "floor " + i);
                    statement.executeUpdate();
                    insert[i] = (System.nanoTime() - t0) / 1_000;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL floor: " + e.getMessage(), e);
        }
        double perSecond = insert.length / ((System.nanoTime() - started) / 1e9);
        return new Result(kafka, Stats.ofMicros(insert), perSecond);
    }

    /** Paced at {@code rate} messages/s on a one-partition topic: the latency of one record, not of a backlog. */
    private static Stats kafkaRoundTrip(String bootstrapServers, int messages, int rate) throws Exception {
        String topic = "leadline.bench.floor." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        long[] micros = new long[messages];
        Map<String, Object> producerConfig = Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "enable.idempotence", true, "linger.ms", 0);
        Map<String, Object> consumerConfig = Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "bench-floor-" + UUID.randomUUID(), "auto.offset.reset", "earliest");
        try (var producer = new KafkaProducer<>(producerConfig, new LongSerializer(), new LongSerializer());
             var consumer = new KafkaConsumer<>(consumerConfig, new LongDeserializer(), new LongDeserializer())) {
            consumer.subscribe(List.of(topic));
            // Metadata, the partition assignment and the first fetch are start-up costs, not the floor: pay them
            // with one record before timing.
            producer.send(new ProducerRecord<>(topic, -1L, -1L)).get(30, TimeUnit.SECONDS);
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                // keep polling until the warm-up record arrives
            }
            Thread sender = Thread.ofPlatform().start(() -> {
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (long i = 0; i < messages; i++) {
                    // Parked, not spinning: on two cores a spinning sender would steal the broker's CPU.
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    next += interval;
                    sentAt.put(i, System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, i, i));
                }
            });
            int received = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received < messages && System.nanoTime() < deadline) {
                for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(50))) {
                    micros[received++] = (System.nanoTime() - sentAt.get(record.value())) / 1_000;
                }
            }
            sender.join();
            return Stats.ofMicros(java.util.Arrays.copyOf(micros, received));
        }
    }
}
