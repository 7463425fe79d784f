package io.leadline.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.IngestTopics;
import io.leadline.ingest.WebhookClient;
import io.leadline.ingest.webhook.Sequencing;
import io.leadline.platform.consumer.DeadLetterHeaders;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Signed Meta webhooks over real HTTP, and what each puts on the real broker. Refusals: MetaWebhookRefusalIT. */
@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetaWebhookIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private IngestTopics topics;

    @BeforeEach
    void openProbes() {
        topics = IngestTopics.fromNow();
    }

    @AfterEach
    void closeProbes() {
        topics.close();
    }

    private HttpResponse<String> postSigned(byte[] body) {
        return new WebhookClient(port).post("/webhooks/whatsapp", body, "X-Hub-Signature-256",
                MetaWebhooks.signature(body, "test-app-secret"));
    }

    @Test
    void aSignedWebhookIsArchivedFirstThenEachMessageIsPublishedUnderItsBusinessAndSender() {
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", "wamid.it-1", "Halo",
                Instant.parse("2026-11-21T10:00:00Z"));

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        ConsumerRecord<String, byte[]> archived = topics.raw.awaitCount(r -> true, 1, WAIT).getFirst();
        ConsumerRecord<String, byte[]> message = topics.inbound.awaitCount(r -> true, 1, WAIT).getFirst();
        assertThat(archived.key()).isEqualTo("demo-id");
        assertThat(TopicProbe.value(archived)).contains(Base64.getEncoder().encodeToString(body));
        assertThat(archived.timestamp()).isLessThanOrEqualTo(message.timestamp());
        assertThat(message.key()).isEqualTo("demo-id:6281312345678");
        assertThat(TopicProbe.value(message)).contains("\"providerMessageId\":\"wamid.it-1\"")
                .contains("\"sentAt\":\"2026-11-21T10:00:00Z\"")
                .contains("\"webhookId\":\"" + TopicProbe.header(archived, CloudEventHeaders.ID) + "\"");
        // The first event of a webhook: its arrival time in microseconds, times 1000, plus position 0.
        Instant receivedAt = Instant.parse(json(message).path("receivedAt").asString());
        assertThat(arrivalSequence(message)).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt) * 1000);
    }

    @Test
    void theSameWebhookDeliveredTwicePublishesTheSameEventIdTwice() {
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", "wamid.it-twice", "Halo",
                Instant.now());

        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> events = topics.inbound.awaitCount(r -> true, 2, WAIT);
        assertThat(events).extracting(r -> TopicProbe.header(r, CloudEventHeaders.ID)).containsOnly(
                TopicProbe.header(events.getFirst(), CloudEventHeaders.ID));
    }

    @Test
    void oneWebhookWithSeveralEntriesGivesOneEventPerMessageAndStatusInOrderAndParksTheUnknownNumber() {
        double unrouted = unroutedCount();
        double inboundEvents = count("leadline.webhooks.events", "kind", "inbound");
        double statusEvents = count("leadline.webhooks.events", "kind", "status");
        double accepted = received("accepted");

        HttpResponse<String> response = postSigned(Fixtures.bytes("meta/several-entries.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> messages = topics.inbound.awaitCount(r -> true, 3, WAIT);
        List<ConsumerRecord<String, byte[]>> statuses = topics.status.awaitCount(r -> true, 1, WAIT);
        assertThat(messages).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("demo-id:6281312345678", "demo-id:6281377788899", "demo-il:972501234567");
        assertThat(statuses).extracting(ConsumerRecord::key).containsExactly("demo-il:972501234567");
        assertThat(topics.unrouted.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(parked -> assertThat(parked.key()).isEqualTo("15559999999"));
        // Whatever partition each landed on, the sequence tells the order they had in the webhook.
        Map<String, Long> sequence = Stream.concat(messages.stream(), statuses.stream()).collect(Collectors.toMap(
                r -> json(r).path("providerMessageId").asString(), MetaWebhookIT::arrivalSequence));
        long first = sequence.get("wamid.e1");
        assertThat(Stream.of("wamid.e1", "wamid.e2", "wamid.e3", "wamid.out9").map(sequence::get))
                .containsExactly(first, first + 1, first + 2, first + 3);
        assertThat(unroutedCount()).isEqualTo(unrouted + 1);
        assertThat(count("leadline.webhooks.events", "kind", "inbound")).isEqualTo(inboundEvents + 3);
        assertThat(count("leadline.webhooks.events", "kind", "status")).isEqualTo(statusEvents + 1);
        assertThat(received("accepted")).isEqualTo(accepted + 1);
    }

    @Test
    void messagesWithoutAPhoneNumberIdAreParkedOnTheUnroutedTopicAndCountedNeverDropped() {
        byte[] body = Fixtures.bytes("meta/no-phone-number-id.json");
        double before = unroutedCount();

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topics.unrouted.awaitCount(r -> true, 1, WAIT)).singleElement().satisfies(parked -> {
            assertThat(parked.key()).isEqualTo(MetaWebhookParser.NO_PHONE_NUMBER_ID);
            assertThat(TopicProbe.value(parked)).contains(Base64.getEncoder().encodeToString(body));
        });
        assertThat(unroutedCount()).isEqualTo(before + 2);
        assertThat(IngestTopics.pollAWhile(topics.inbound)).isEmpty();
        assertThat(IngestTopics.pollAWhile(topics.status)).isEmpty();
    }

    @Test
    void aSignedBodyThatIsNotAWebhookIsKeptDeadLetteredWithItsReasonAndAnswered200() {
        byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":\"not-an-array\"}"
                .getBytes(StandardCharsets.UTF_8);
        double before = received("unparseable");

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topics.raw.awaitCount(r -> true, 1, WAIT)).hasSize(1);
        ConsumerRecord<String, byte[]> dead = topics.deadLetters.awaitCount(r -> true, 1, WAIT).getFirst();
        assertThat(TopicProbe.header(dead, DeadLetterHeaders.REASON)).contains("entry array");
        assertThat(received("unparseable")).isEqualTo(before + 1);
    }

    @Test
    void aPartlyUnreadableWebhookPublishesWhatItCanDeadLettersTheRestAndIsCountedOnceAsPartlyUnparseable() {
        String wamid = "wamid.partly-" + System.nanoTime();
        double partly = received("partly_unparseable");
        double unparseable = received("unparseable");
        double accepted = received("accepted");

        HttpResponse<String> response = postSigned(Fixtures.metaPartlyUnreadable("6281312345678", wamid, "Halo"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(topics.inbound.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(TopicProbe.value(r)).contains(wamid));
        assertThat(TopicProbe.header(topics.deadLetters.awaitCount(r -> true, 1, WAIT).getFirst(),
                DeadLetterHeaders.REASON)).isEqualTo("a message has no id");
        assertThat(received("partly_unparseable")).isEqualTo(partly + 1);
        assertThat(received("unparseable")).isEqualTo(unparseable);
        assertThat(received("accepted")).isEqualTo(accepted);
    }

    private double received(String outcome) {
        return count("leadline.webhooks.received", "outcome", outcome);
    }

    private double unroutedCount() {
        return meters.counter("leadline.webhooks.unrouted", "source", "META_CLOUD").count();
    }

    private double count(String meter, String tag, String value) {
        return meters.counter(meter, "source", "META_CLOUD", tag, value).count();
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return Fixtures.JSON.readTree(record.value());
    }

    private static long arrivalSequence(ConsumerRecord<String, byte[]> record) {
        return Long.parseLong(json(record).path("attributes").path(Sequencing.ARRIVAL_SEQUENCE).asString());
    }
}
