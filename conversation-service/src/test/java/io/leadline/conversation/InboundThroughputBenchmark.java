package io.leadline.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Inbound messages stored and published per second: a backlog of resolved inbound messages (many people, a few
 * messages each, three in ten with lead fields to auto-fill) waits on the identity topic while the listener is stopped;
 * the clock runs from the listener's start until the last {@code MessageAccepted} is on the conversation topic.
 * Reports figures; asserts nothing about time.
 */
@Tag("benchmark")
@SpringBootTest(classes = ConversationApplication.class)
@LeadlineIntegrationTest
class InboundThroughputBenchmark {

    private static final int PEOPLE = 2_000;
    private static final int MESSAGES_PER_PERSON = 10;
    /** Three in ten fill lead fields, six fields a person in all, with demo-id's vocabulary (service type, city). */
    private static final String[] TEXTS = {"Halo kak", "Saya butuh website di Jakarta", "berapa harganya?",
            "budget sekitar 5 juta, bisa besok?", "oke", "nama saya Budi, email budi@contoh.co.id", "terima kasih",
            "mau tanya", "siap", "oke kak"};
    private static final int LEAD_FIELDS_PER_PERSON = 6;

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    /** A fresh broker on a loaded machine may miss the send timeout; a re-sent event has the same id: applied once. */
    private void publishWithRetries(List<Outgoing> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publishAll(batch);
                return;
            } catch (EventPublisher.PublishFailedException slow) {
                if (attempt == 5) {
                    throw slow;
                }
            }
        }
    }

    @Test
    void inboundMessagesStoredAndPublishedPerSecond() {
        // A business with a vocabulary, so service types and cities are really matched and written. The database
        // is this class's own, so every row of the business is the benchmark's.
        String business = Fixtures.BUSINESS;
        int total = PEOPLE * MESSAGES_PER_PERSON;
        var identity = listeners.getListenerContainer("conversation-identity");
        identity.stop();
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(Person.withPhone(business, "Person " + i));
        }
        Instant t0 = Instant.now().minusSeconds(3_600);
        List<Outgoing> backlog = new ArrayList<>(total);
        for (int m = 0; m < MESSAGES_PER_PERSON; m++) {
            for (Person person : people) {
                backlog.add(new Outgoing(UUID.randomUUID().toString(),
                        inbound(person, wamid(), TEXTS[m], t0.plusSeconds(m))));
            }
        }
        for (int from = 0; from < total; from += 500) {
            publishWithRetries(backlog.subList(from, Math.min(total, from + 500)));
        }

        try (TopicProbe accepted = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            long start = System.nanoTime();
            identity.start();
            var published = accepted.awaitCount(record -> "leadline.conversation.MessageAccepted".equals(
                    TopicProbe.header(record, "ce_type")), total, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            // The sustained rate, without the consumer group's join at the start or the last batch's tail: the middle
            // 90 % of the events, by the time the relay produced each (the record's create time).
            long[] producedAt = published.stream().filter(record -> "leadline.conversation.MessageAccepted".equals(
                    TopicProbe.header(record, "ce_type"))).mapToLong(ConsumerRecord::timestamp).sorted().toArray();
            int p05 = total / 20;
            int p95 = total - total / 20 - 1;
            double sustained = (p95 - p05) / ((producedAt[p95] - producedAt[p05]) / 1e3);
            long stored = jdbc.sql("SELECT count(*) FROM message WHERE business_id = :business")
                    .param("business", business).query(Long.class).single();
            long leadFields = jdbc.sql("SELECT count(*) FROM lead_field WHERE business_id = :business AND source = 'AUTO'")
                    .param("business", business).query(Long.class).single();
            var inRuns = meters.find("leadline.conversation.inbound.run.messages").counter();
            System.out.printf("BENCHMARK conversation-service inbound: %d messages stored (%d published) in %.2f s"
                    + " = %.0f messages/s from the listener's start; sustained (middle 90 %%) %.0f messages/s; %d lead"
                    + " fields auto-filled; %.0f messages applied in runs%n", stored, total, seconds, total / seconds,
                    sustained, leadFields, inRuns == null ? 0 : inRuns.count());
            assertThat(stored).isEqualTo(total);
            assertThat(leadFields).as("every person's six fields were auto-filled")
                    .isEqualTo((long) PEOPLE * LEAD_FIELDS_PER_PERSON);
        }
    }
}
