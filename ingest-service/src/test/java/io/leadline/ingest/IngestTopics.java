package io.leadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Probes on every topic ingest writes, opened together, so a test can prove what a request published or not. */
public final class IngestTopics implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public final TopicProbe raw;
    public final TopicProbe inbound;
    public final TopicProbe status;
    public final TopicProbe unrouted;
    public final TopicProbe deadLetters;

    private IngestTopics(String bootstrap) {
        raw = TopicProbe.fromNow(bootstrap, Topics.WEBHOOKS_RAW);
        inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND);
        status = TopicProbe.fromNow(bootstrap, Topics.STATUS);
        unrouted = TopicProbe.fromNow(bootstrap, Topics.UNROUTED);
        deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.WEBHOOKS_RAW));
    }

    public static IngestTopics fromNow() {
        return new IngestTopics(KafkaBroker.shared().bootstrapServers());
    }

    /**
     * Posts a valid Meta webhook (the marker) and proves it is the first and only thing published on any ingest topic
     * since the probes opened: whatever was sent before it was refused without a trace.
     */
    public void assertNothingPublishedBeforeAMarker(WebhookClient client) {
        String wamid = "wamid.marker-" + System.nanoTime();
        byte[] marker = MetaWebhooks.textMessage("15550000001", "6281300000000", "Marker", wamid, "marker",
                Instant.now());
        assertThat(client.post("/webhooks/whatsapp", marker, "X-Hub-Signature-256",
                MetaWebhooks.signature(marker, "test-app-secret")).statusCode()).isEqualTo(200);
        String archived = Base64.getEncoder().encodeToString(marker);

        assertThat(raw.awaitUntil(records -> records.stream().anyMatch(r -> TopicProbe.value(r).contains(archived)),
                WAIT)).hasSize(1);
        assertThat(inbound.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(TopicProbe.value(r)).contains(wamid));
        for (TopicProbe probe : List.of(status, unrouted, deadLetters)) {
            assertThat(pollAWhile(probe)).isEmpty();
        }
    }

    /** What a probe finds in a few polls: the records a test expects to be absent were acknowledged long before. */
    public static List<ConsumerRecord<String, byte[]>> pollAWhile(TopicProbe probe) {
        AtomicInteger polls = new AtomicInteger();
        return probe.awaitUntil(records -> polls.getAndIncrement() >= 5, WAIT);
    }

    @Override
    public void close() {
        for (TopicProbe probe : List.of(raw, inbound, status, unrouted, deadLetters)) {
            probe.close();
        }
    }
}
