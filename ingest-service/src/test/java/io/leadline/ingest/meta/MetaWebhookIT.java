package io.leadline.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.IngestTopics;
import io.leadline.ingest.WebhookClient;
import io.leadline.platform.consumer.DeadLetterHeaders;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetaWebhookIT {

    private static final String SECRET = "test-app-secret";
    private static final String PATH = "/webhooks/whatsapp";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private WebhookClient client;
    private TopicProbe raw;
    private TopicProbe inbound;
    private TopicProbe status;
    private TopicProbe unrouted;
    private TopicProbe deadLetters;

    @BeforeEach
    void openProbes() {
        client = new WebhookClient(port);
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        raw = TopicProbe.fromNow(bootstrap, Topics.WEBHOOKS_RAW);
        inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND);
        status = TopicProbe.fromNow(bootstrap, Topics.STATUS);
        unrouted = TopicProbe.fromNow(bootstrap, Topics.UNROUTED);
        deadLetters = TopicProbe.fromNow(bootstrap, Topics.deadLetter(Topics.WEBHOOKS_RAW));
    }

    @AfterEach
    void closeProbes() {
        for (TopicProbe probe : List.of(raw, inbound, status, unrouted, deadLetters)) {
            probe.close();
        }
    }

    private HttpResponse<String> postSigned(byte[] body) {
        return client.post(PATH, body, "X-Hub-Signature-256", MetaWebhooks.signature(body, SECRET));
    }

    @Test
    void aSignedWebhookIsArchivedFirstThenEachMessageIsPublishedUnderItsBusinessAndSender() {
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", "wamid.it-1", "Halo",
                Instant.parse("2026-11-21T10:00:00Z"));

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        ConsumerRecord<String, byte[]> archived = raw.awaitCount(r -> true, 1, WAIT).getFirst();
        ConsumerRecord<String, byte[]> message = inbound.awaitCount(r -> true, 1, WAIT).getFirst();
        assertThat(archived.key()).isEqualTo("demo-id");
        assertThat(TopicProbe.value(archived)).contains(java.util.Base64.getEncoder().encodeToString(body));
        assertThat(archived.timestamp()).isLessThanOrEqualTo(message.timestamp());
        assertThat(message.key()).isEqualTo("demo-id:6281312345678");
        assertThat(TopicProbe.value(message)).contains("\"providerMessageId\":\"wamid.it-1\"")
                .contains("\"sentAt\":\"2026-11-21T10:00:00Z\"").contains("\"arrivalSequence\"")
                .contains("\"webhookId\":\"" + TopicProbe.header(archived, CloudEventHeaders.ID) + "\"");
    }

    @Test
    void theSameWebhookDeliveredTwicePublishesTheSameEventIdTwice() {
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", "wamid.it-twice", "Halo",
                Instant.now());

        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> events = inbound.awaitCount(r -> true, 2, WAIT);
        assertThat(events).extracting(r -> TopicProbe.header(r, CloudEventHeaders.ID)).containsOnly(
                TopicProbe.header(events.getFirst(), CloudEventHeaders.ID));
    }

    @Test
    void oneWebhookWithSeveralEntriesGivesOneEventPerMessageAndStatusAndParksTheUnknownNumber() {
        HttpResponse<String> response = postSigned(Fixtures.bytes("meta/several-entries.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbound.awaitCount(r -> true, 3, WAIT)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("demo-id:6281312345678", "demo-id:6281377788899", "demo-il:972501234567");
        assertThat(status.awaitCount(r -> true, 1, WAIT)).extracting(ConsumerRecord::key)
                .containsExactly("demo-il:972501234567");
        assertThat(unrouted.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(parked -> assertThat(parked.key()).isEqualTo("15559999999"));
        assertThat(meters.counter("leadline.webhooks.unrouted", "source", "META_CLOUD").count()).isPositive();
    }

    @Test
    void messagesWithoutAPhoneNumberIdAreParkedOnTheUnroutedTopicAndCountedNeverDropped() {
        byte[] body = Fixtures.bytes("meta/no-phone-number-id.json");
        double before = unroutedCount();

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(unrouted.awaitCount(r -> true, 1, WAIT)).singleElement().satisfies(parked -> {
            assertThat(parked.key()).isEqualTo(MetaWebhookParser.NO_PHONE_NUMBER_ID);
            assertThat(TopicProbe.value(parked)).contains(java.util.Base64.getEncoder().encodeToString(body));
        });
        assertThat(unroutedCount()).isEqualTo(before + 2);
        assertThat(IngestTopics.pollAWhile(inbound)).isEmpty();
        assertThat(IngestTopics.pollAWhile(status)).isEmpty();
    }

    private double unroutedCount() {
        return meters.counter("leadline.webhooks.unrouted", "source", "META_CLOUD").count();
    }

    @Test
    void aSignedBodyThatIsNotAWebhookIsKeptDeadLetteredWithItsReasonAndAnswered200() {
        byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":\"not-an-array\"}"
                .getBytes(StandardCharsets.UTF_8);
        double before = meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome",
                "unparseable").count();

        HttpResponse<String> response = postSigned(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(raw.awaitCount(r -> true, 1, WAIT)).hasSize(1);
        ConsumerRecord<String, byte[]> dead = deadLetters.awaitCount(r -> true, 1, WAIT).getFirst();
        assertThat(TopicProbe.header(dead, DeadLetterHeaders.REASON)).contains("entry array");
        assertThat(meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", "unparseable")
                .count()).isEqualTo(before + 1);
    }

    @Test
    void aPartlyUnreadableWebhookPublishesWhatItCanDeadLettersTheRestAndIsCountedOnceAsPartlyUnparseable() {
        String wamid = "wamid.partly-" + System.nanoTime();
        double partly = received("partly_unparseable");
        double unparseable = received("unparseable");
        double accepted = received("accepted");

        HttpResponse<String> response = postSigned(Fixtures.metaPartlyUnreadable("6281312345678", wamid, "Halo"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inbound.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(TopicProbe.value(r)).contains(wamid));
        assertThat(TopicProbe.header(deadLetters.awaitCount(r -> true, 1, WAIT).getFirst(), DeadLetterHeaders.REASON))
                .isEqualTo("a message has no id");
        assertThat(received("partly_unparseable")).isEqualTo(partly + 1);
        assertThat(received("unparseable")).isEqualTo(unparseable);
        assertThat(received("accepted")).isEqualTo(accepted);
    }

    private double received(String outcome) {
        return meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", outcome).count();
    }

    @Test
    void aTamperedBodyAWrongSecretAMissingHeaderOrASignatureOverReserializedJsonAreRefusedAndNothingIsPublished() {
        byte[] body = Fixtures.bytes("meta/several-entries.json");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("satu", "SATU")
                .getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = Fixtures.JSON.writeValueAsBytes(Fixtures.JSON.readTree(body));
        assertThat(reserialized).isNotEqualTo(body);

        assertThat(client.post(PATH, tampered, "X-Hub-Signature-256", MetaWebhooks.signature(body, SECRET))
                .statusCode()).isEqualTo(401);
        assertThat(client.post(PATH, body, "X-Hub-Signature-256", MetaWebhooks.signature(body, "other"))
                .statusCode()).isEqualTo(401);
        assertThat(client.post(PATH, body).statusCode()).isEqualTo(401);
        HttpResponse<String> overReserialized = client.post(PATH, body, "X-Hub-Signature-256",
                MetaWebhooks.signature(reserialized, SECRET));
        assertThat(overReserialized.statusCode()).isEqualTo(401);
        assertThat(overReserialized.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertNothingPublishedBeforeAMarker();
    }

    @Test
    void malformedJsonTooLargeAndWrongContentTypeAreProblemsCountedByReasonWithNothingPublished() {
        byte[] notJson = "{\"entry\":[".getBytes(StandardCharsets.UTF_8);
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        byte[] body = Fixtures.bytes("meta/statuses.json");

        HttpResponse<String> malformed = postSigned(notJson);
        HttpResponse<String> tooLarge = postSigned(huge);
        HttpResponse<String> wrongType = client.postAs("text/plain", PATH, body, "X-Hub-Signature-256",
                MetaWebhooks.signature(body, SECRET));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(wrongType.statusCode()).isEqualTo(415);
        for (HttpResponse<String> response : List.of(malformed, tooLarge, wrongType)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":" + response.statusCode()).contains("\"reason\"");
        }
        for (String reason : List.of("malformed_json", "too_large", "unsupported_media_type")) {
            assertThat(meters.counter("leadline.webhooks.received", "source", "META_CLOUD", "outcome", reason)
                    .count()).as(reason).isPositive();
        }
        assertNothingPublishedBeforeAMarker();
    }

    @Test
    void theSubscriptionHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        HttpResponse<String> right = client.get(PATH + "?hub.mode=subscribe&hub.verify_token=test-verify-token"
                + "&hub.challenge=1158201444");
        HttpResponse<String> wrong = client.get(PATH + "?hub.mode=subscribe&hub.verify_token=guess"
                + "&hub.challenge=1158201444");

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("1158201444");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201444");
    }

    /** Posts a valid webhook and checks that it is the first and only thing archived since the probes opened. */
    private void assertNothingPublishedBeforeAMarker() {
        byte[] marker = MetaWebhooks.textMessage("15550000001", "6281300000000", "Marker", "wamid.marker-" + port
                + "-" + System.nanoTime(), "marker", Instant.now());
        assertThat(postSigned(marker).statusCode()).isEqualTo(200);
        assertThat(inbound.awaitCount(r -> true, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(TopicProbe.value(r)).contains("wamid.marker-"));
        assertThat(raw.awaitCount(r -> true, 1, WAIT)).hasSize(1);
        assertThat(deadLetters.seen()).isEmpty();
    }
}
