package io.leadline.conversation.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.conversation.ConversationApplication;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.spring.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class TaskQueueIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRetryStormOfOneProblemIsOneTaskThatCountsItsOccurrences() throws Exception {
        String subject = "outbound-" + UUID.randomUUID();
        List<Outgoing> storm = IntStream.range(0, 50).mapToObj(i -> new Outgoing(UUID.randomUUID().toString(),
                task("demo-id", "SEND_FAILED", subject, "131026 undeliverable (attempt " + i + ")"))).toList();

        publisher.publishAll(storm);

        JsonNode task = await().atMost(TIMEOUT).until(() -> find("ALL", subject), found -> found != null
                && found.get("occurrences").asInt() == 50);
        assertThat(count("ALL", subject)).isEqualTo(1);
        assertThat(task.get("status").asString()).isEqualTo("OPEN");
        assertThat(task.get("conversationId").asLong()).isEqualTo(42L);
    }

    @Test
    void aRedeliveredTaskEventIsNotCountedTwice() throws Exception {
        String subject = "window-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        publisher.publishAll(List.of(new Outgoing(eventId, task("demo-id", "WINDOW_CLOSED", subject, "24 h"))));
        publisher.publishAll(List.of(new Outgoing(eventId, task("demo-id", "WINDOW_CLOSED", subject, "24 h"))));
        String marker = "marker-" + UUID.randomUUID();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                task("demo-id", "WINDOW_CLOSED", marker, "after"))));

        await().atMost(TIMEOUT).until(() -> find("ALL", marker) != null);

        assertThat(find("ALL", subject).get("occurrences").asInt()).isEqualTo(1);
    }

    @Test
    void aSnoozedTaskIsHiddenUntilItsTimeAndThenComesBack() throws Exception {
        String subject = "handover-" + UUID.randomUUID();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                task("demo-id", "HANDOVER", subject, "qualified"))));
        long id = await().atMost(TIMEOUT).until(() -> find("OPEN", subject), found -> found != null).get("id").asLong();

        HttpResponse<String> snoozed = post("/api/tasks/" + id + "/snooze",
                "{\"until\":\"" + Instant.now().plusSeconds(3) + "\"}");

        assertThat(snoozed.statusCode()).isEqualTo(200);
        assertThat(find("OPEN", subject)).isNull();
        assertThat(find("SNOOZED", subject)).isNotNull();
        await().atMost(TIMEOUT).until(() -> find("OPEN", subject) != null);
        assertThat(find("SNOOZED", subject)).isNull();
    }

    @Test
    void aResolvedTaskKeepsItsNoteAndOpensAgainWhenTheProblemComesBack() throws Exception {
        String subject = "unknown-" + UUID.randomUUID();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                task("demo-id", "SEND_UNKNOWN", subject, "read timeout"))));
        long id = await().atMost(TIMEOUT).until(() -> find("OPEN", subject), found -> found != null).get("id").asLong();

        JsonNode resolved = json.readTree(post("/api/tasks/" + id + "/resolve",
                "{\"note\":\"customer confirmed receipt\"}").body());
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.get("resolutionNote").asString()).isEqualTo("customer confirmed receipt");
        assertThat(find("OPEN", subject)).isNull();

        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                task("demo-id", "SEND_UNKNOWN", subject, "read timeout again"))));
        JsonNode reopened = await().atMost(TIMEOUT).until(() -> find("OPEN", subject), found -> found != null);
        assertThat(reopened.get("id").asLong()).isEqualTo(id);
        assertThat(reopened.get("occurrences").asInt()).isEqualTo(2);
    }

    @Test
    void aDeadLetterBecomesATaskWithItsReasonAndReDrivingItPutsTheSameEventBackOnItsTopic() throws Exception {
        String eventId = UUID.randomUUID().toString();
        byte[] garbage = ("{\"businessId\":\"demo-id\",\"broken\":" + eventId.hashCode()).getBytes(StandardCharsets.UTF_8);
        var poison = new ProducerRecord<String, byte[]>(Topics.IDENTITY, "demo-id:poison", garbage);
        CloudEventHeaders.write(poison.headers(), CloudEventHeaders.of(eventId,
                EventTypes.nameOf(InboundMessageResolved.class), "/test", Instant.now(), null));
        kafka.send(poison).get();

        JsonNode task = await().atMost(TIMEOUT).until(() -> find("OPEN", eventId), found -> found != null);
        assertThat(task.get("type").asString()).isEqualTo("DEAD_LETTER");
        assertThat(task.get("businessId").asString()).as("bytes that are not JSON name no business").isEqualTo("unknown");
        assertThat(task.get("reason").asString()).isNotBlank();
        assertThat(task.get("deadLetter").asString()).startsWith(Topics.deadLetter(Topics.IDENTITY));

        try (TopicProbe identity = TopicProbe.fromNow(bootstrap, Topics.IDENTITY)) {
            JsonNode redriven = json.readTree(post("/api/tasks/" + task.get("id").asLong() + "/redrive",
                    "{\"note\":\"parser fixed\"}").body());

            var back = identity.awaitCount(record -> eventId.equals(TopicProbe.header(record, CloudEventHeaders.ID)),
                    1, TIMEOUT);
            assertThat(back.getFirst().value()).isEqualTo(garbage);
            assertThat(redriven.get("status").asString()).isEqualTo("RESOLVED");
            assertThat(redriven.get("resolutionNote").asString()).startsWith("parser fixed; re-driven to "
                    + Topics.IDENTITY);
        }
    }

    @Test
    void theQueueNeedsTheAdminTokenAndAnswersProblemsForUnknownTasks() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/api/tasks")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = get("/api/tasks/987654321");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode find(String view, String subjectPart) throws Exception {
        for (JsonNode task : json.readTree(get("/api/tasks?view=" + view + "&limit=200").body()).get("tasks")) {
            if (task.get("subject").asString().contains(subjectPart)) {
                return task;
            }
        }
        return null;
    }

    private long count(String view, String subjectPart) throws Exception {
        long count = 0;
        for (JsonNode task : json.readTree(get("/api/tasks?view=" + view + "&limit=200").body()).get("tasks")) {
            count += task.get("subject").asString().contains(subjectPart) ? 1 : 0;
        }
        return count;
    }

    private static OpsTaskRaised task(String business, String type, String subject, String reason) {
        return new OpsTaskRaised(business, type, subject, 42L, 7L, reason, Map.of("code", "131026"), Instant.now());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer "
                + TestInfrastructure.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer "
                        + TestInfrastructure.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
