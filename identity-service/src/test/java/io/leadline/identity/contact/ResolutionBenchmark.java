package io.leadline.identity.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.identity.IdentityApplication;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Resolution throughput through the real path: inbound events on the broker, the batch listener, one transaction
 * per poll batch, outbox rows written (and relayed) for every resolved message. Reports figures; asserts none.
 * Run: {@code ./mvnw -B -o -Dbenchmarks -pl identity-service -am verify -Dgroups=benchmark
 * -Dit.test=ResolutionBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
@SpringBootTest(classes = IdentityApplication.class, properties = "leadline.platform.kafka.send-timeout=60s")
@LeadlineIntegrationTest
class ResolutionBenchmark {

    private static final int KNOWN_CONTACTS = 1_000;
    private static final int KNOWN_EVENTS = 6_000;
    private static final int NEW_EVENTS = 2_000;
    private static final int ROUNDS = 3;
    private static final int PUBLISH_CHUNK = 500;

    @Autowired
    EventPublisher publisher;

    @Autowired
    MeterRegistry meters;

    @Test
    void resolutionThroughputForKnownAndNewContacts() {
        List<String> people = IntStream.range(0, KNOWN_CONTACTS).mapToObj(i -> Inbound.indonesianMobile()).toList();
        run("warm-up: first messages of the known contacts", people);
        run("warm-up: known contacts", messagesFrom(people, KNOWN_EVENTS / 3));

        List<Double> known = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            known.add(run("known contacts, round " + round, messagesFrom(people, KNOWN_EVENTS)));
            fresh.add(run("new contacts, round " + round,
                    IntStream.range(0, NEW_EVENTS).mapToObj(i -> Inbound.indonesianMobile()).toList()));
        }
        System.out.printf("%nBENCHMARK identity resolution: known contacts median %.0f events/s %s; "
                + "new contacts median %.0f events/s %s%n", median(known), known, median(fresh), fresh);
    }

    private static List<String> messagesFrom(List<String> people, int count) {
        return IntStream.range(0, count).mapToObj(i -> people.get(i % people.size())).toList();
    }

    private double run(String label, List<String> senders) {
        List<Outgoing> events = senders.stream()
                .map(waId -> new Outgoing(UUID.randomUUID().toString(), message(waId)))
                .toList();
        long before = processed();
        long start = System.nanoTime();
        for (int from = 0; from < events.size(); from += PUBLISH_CHUNK) {
            publish(events.subList(from, Math.min(events.size(), from + PUBLISH_CHUNK)));
        }
        // The consumer's own counter, read in memory: polling count(*) on the growing table would slow the run.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> processed() >= before + events.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = events.size() / seconds;
        System.out.printf("BENCHMARK %s: %d events in %.2f s = %.0f events/s%n", label, events.size(), seconds, rate);
        assertThat(processed()).isEqualTo(before + events.size());
        return rate;
    }

    /** Retried as a whole: a record sent twice keeps its event id, so the consumer applies it once. */
    private void publish(List<Outgoing> chunk) {
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publishAll(chunk);
                return;
            } catch (EventPublisher.PublishFailedException notYet) {
                if (attempt == 5) {
                    throw notYet;
                }
            }
        }
    }

    private static InboundMessageReceived message(String waId) {
        return Inbound.from("demo-id", Inbound.waId(waId), "Bench " + waId.substring(waId.length() - 4));
    }

    private long processed() {
        var counter = meters.find("leadline.consumer.events").tag("consumer", "identity.inbound")
                .tag("outcome", "processed").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
