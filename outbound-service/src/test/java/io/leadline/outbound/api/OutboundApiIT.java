package io.leadline.outbound.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.outbound.send.OutboundLog;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.spring.TestInfrastructure;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The agents' send API with its Idempotency-Key rules, and the admin API: health and the audited re-send. */
@SpringBootTest(classes = OutboundApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"leadline.outbound.retry.backoff=50ms", "leadline.outbound.dispatcher.poll-interval=100ms",
                "leadline.outbound.graph.read-timeout=1s"})
@LeadlineIntegrationTest
class OutboundApiIT {

    private static final WhatsAppSimulator simulator = Simulator.start();

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventPublisher publisher;

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    IdempotencyKeyPurge purge;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstAnswerAndSendsOnce() throws Exception {
        long conversation = openWindow();
        String waId = Fixtures.waId();
        String key = UUID.randomUUID().toString();
        String body = message(conversation, waId, "Hi, this is Dewi from the office.");

        HttpResponse<String> first = post(key, body);
        HttpResponse<String> again = post(key, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        long id = json.readTree(first.body()).path("outboundId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(Fixtures.row(jdbc, id).get("status")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sendsTo(waId).size() == 1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422() throws Exception {
        long conversation = openWindow();
        String key = UUID.randomUUID().toString();
        post(key, message(conversation, Fixtures.waId(), "First text"));

        HttpResponse<String> reused = post(key, message(conversation, Fixtures.waId(), "Another text"));

        assertProblem(reused, 422);
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsStillRunningIsRefusedWith409() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = message(openWindow(), Fixtures.waId(), "Still running");
        // The first request has claimed the key and is still applying it.
        jdbc.sql("INSERT INTO idempotency_key (idempotency_key, request_hash, state) VALUES (:k, :h, 'IN_PROGRESS')")
                .param("k", key).param("h", hashOf(body)).update();

        assertProblem(post(key, body), 409);
    }

    @Test
    void fiveConcurrentRequestsWithOneKeyMakeOneMessage() throws Exception {
        long conversation = openWindow();
        String waId = Fixtures.waId();
        String key = UUID.randomUUID().toString();
        String body = message(conversation, waId, "Concurrent");
        CyclicBarrier start = new CyclicBarrier(5);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return post(key, body);
                }));
            }
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsAnyOf(202).isSubsetOf(202, 409);
        assertThat(answers).filteredOn(a -> a.statusCode() == 202).extracting(HttpResponse::body).containsOnly(
                answers.stream().filter(a -> a.statusCode() == 202).findFirst().orElseThrow().body());
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_message WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                .until(() -> simulator.sendsTo(waId).size() == 1);
    }

    @Test
    void aKeyOlderThanTwentyFourHoursIsForgottenAndMayBeUsedAgain() throws Exception {
        long conversation = openWindow();
        String key = UUID.randomUUID().toString();
        post(key, message(conversation, Fixtures.waId(), "Yesterday"));
        jdbc.sql("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE idempotency_key = :k")
                .param("k", key).update();

        HttpResponse<String> today = post(key, message(conversation, Fixtures.waId(), "Today"));

        assertThat(today.statusCode()).isEqualTo(202);
        assertThat(today.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aRequestTakenOverAfterMidnightKeepsTheDedupeKeyOfItsFirstDayAndSendsOnce() throws Exception {
        long conversation = openWindow();
        String waId = Fixtures.waId();
        String key = UUID.randomUUID().toString();
        String text = "Sent a second before midnight";
        String body = message(conversation, waId, text);
        // The first request claimed its key a second before midnight (UTC), wrote its message, and died unanswered.
        Instant beforeMidnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        jdbc.sql("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, state, created_at, updated_at)
                VALUES (:k, :h, 'IN_PROGRESS', :created, now() - interval '2 minutes')
                """).param("k", key).param("h", hashOf(body)).param("created", Timestamp.from(beforeMidnight)).update();
        long first = outboundLog.accept(new OutboundLog.AgentMessage(Fixtures.BUSINESS, conversation, key,
                beforeMidnight, text, new Recipient("+" + waId, waId, null))).outboundId();

        HttpResponse<String> takenOver = post(key, body);

        assertThat(takenOver.statusCode()).isEqualTo(202);
        JsonNode answer = json.readTree(takenOver.body());
        assertThat(answer.path("outboundId").asLong()).isEqualTo(first);
        assertThat(answer.path("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_message WHERE conversation_id = :c")
                .param("c", conversation).query(Long.class).single()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                .until(() -> simulator.sendsTo(waId).size() == 1);
    }

    @Test
    void keysPastTheirRetentionArePurgedAndYoungerOnesKept() {
        String old = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, state, created_at)
                VALUES (:old, 'h', 'IN_PROGRESS', now() - interval '25 hours'), (:young, 'h', 'IN_PROGRESS', now())
                """).param("old", old).param("young", young).update();

        purge.purge();

        assertThat(jdbc.sql("SELECT idempotency_key FROM idempotency_key WHERE idempotency_key IN (:old, :young)")
                .param("old", old).param("young", young).query(String.class).list()).containsExactly(young);
    }

    @Test
    void aMessageWithoutKeyOrWithBadFieldsIsAProblem() throws Exception {
        assertProblem(post(null, message(openWindow(), Fixtures.waId(), "No key")), 400);
        assertProblem(post(UUID.randomUUID().toString(), message(openWindow(), Fixtures.waId(), " ")), 400);
        assertProblem(post(UUID.randomUUID().toString(),
                "{\"businessId\":\"nobody\",\"conversationId\":1,\"text\":\"x\",\"recipient\":{\"waId\":\"1\"}}"),
                400);
    }

    @Test
    void anAgentMessageToAConversationWithoutAKnownCustomerMessageFailsWindowClosed() throws Exception {
        long silent = Fixtures.nextId();
        String waId = Fixtures.waId();

        HttpResponse<String> accepted = post(UUID.randomUUID().toString(), message(silent, waId, "Hi"));

        long id = json.readTree(accepted.body()).path("outboundId").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(Fixtures.row(jdbc, id).get("status")));
        assertThat(String.valueOf(Fixtures.row(jdbc, id).get("last_error"))).startsWith("WINDOW_CLOSED");
        assertThat(simulator.sendRequestsTo(waId)).isZero();
    }

    @Test
    void healthShowsTheLastTwentyRowsTheCollisionCountAndCountsByStatus() throws Exception {
        long conversation = openWindow();
        for (int i = 0; i < 22; i++) {
            outboundLog.accept(Fixtures.intent(conversation + 1_000 + i, Fixtures.waId(), "q", Fixtures.nextId()));
        }
        var twice = Fixtures.intent(Fixtures.nextId(), Fixtures.waId(), "q", Fixtures.nextId());
        outboundLog.accept(twice);
        outboundLog.accept(twice);

        JsonNode health = json.readTree(get("/api/admin/outbound/health").body());

        assertThat(health.path("recent").size()).isEqualTo(20);
        assertThat(health.path("collisions").asLong()).isGreaterThanOrEqualTo(1);
        long total = jdbc.sql("SELECT count(*) FROM outbound_message").query(Long.class).single();
        long counted = 0;
        for (String status : List.of("PENDING", "SENDING", "SENT", "DELIVERED", "FAILED", "UNKNOWN")) {
            counted += health.path("countsByStatus").path(status).asLong();
        }
        assertThat(counted).isEqualTo(total);
    }

    @Test
    void aConversationsSendsAreListedWithTheirDedupeKeysAndStatuses() throws Exception {
        long conversation = Fixtures.nextId();
        String waId = Fixtures.waId();
        long first = outboundLog.accept(Fixtures.intent(conversation, waId, "service", Fixtures.nextId())).outboundId();
        long second = outboundLog.accept(Fixtures.intent(conversation, waId, "location", Fixtures.nextId()))
                .outboundId();
        outboundLog.accept(Fixtures.intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()));

        JsonNode sends = json.readTree(get("/api/admin/outbound?conversationId=" + conversation).body());

        assertThat(sends.path("rows")).hasSize(2);
        assertThat(sends.path("rows").get(0).path("id").asLong()).isEqualTo(first);
        assertThat(sends.path("rows").get(1).path("id").asLong()).isEqualTo(second);
        assertThat(sends.path("rows").get(0).path("dedupeKey").asString())
                .isEqualTo(Fixtures.row(jdbc, first).get("dedupe_key"))
                .isNotEqualTo(sends.path("rows").get(1).path("dedupeKey").asString());
        assertThat(sends.path("rows").get(0).path("status").asString()).isNotBlank();
    }

    @Test
    void aFailedSendIsReSentOnlyWhenAPersonAsksAndTheRequestIsAudited() throws Exception {
        String waId = Fixtures.waId();
        simulator.faults().nextTo(waId, Fault.graphError(400, 131026));
        long id = outboundLog.accept(Fixtures.intent(Fixtures.nextId(), waId, "q", Fixtures.nextId())).outboundId();
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(Fixtures.row(jdbc, id).get("status")));

        assertProblem(retry(id, false, null), 400);
        HttpResponse<String> requeued = retry(id, false, "dewi@office");

        assertThat(requeued.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(Fixtures.row(jdbc, id).get("status")));
        assertThat(simulator.sendsTo(waId)).hasSize(1);
        assertThat(jdbc.sql("SELECT actor, previous_status, forced FROM outbound_audit WHERE outbound_id = :id")
                .param("id", id).query().singleRow())
                .containsEntry("actor", "dewi@office").containsEntry("previous_status", "FAILED")
                .containsEntry("forced", false);
        assertProblem(retry(id, false, "dewi@office"), 409);
        assertProblem(retry(987_654_321L, false, "dewi@office"), 404);
    }

    @Test
    void anUnknownSendIsReSentOnlyWithForce() throws Exception {
        String waId = Fixtures.waId();
        simulator.faults().nextTo(waId, Fault.cutAnswer());
        long id = outboundLog.accept(Fixtures.intent(Fixtures.nextId(), waId, "q", Fixtures.nextId())).outboundId();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UNKNOWN".equals(Fixtures.row(jdbc, id).get("status")));

        assertProblem(retry(id, false, "dewi@office"), 409);
        assertThat(Fixtures.row(jdbc, id).get("status")).isEqualTo("UNKNOWN");

        assertThat(retry(id, true, "dewi@office").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(Fixtures.row(jdbc, id).get("status")));
        assertThat(simulator.sendsTo(waId)).hasSize(2);
        assertThat(jdbc.sql("SELECT forced FROM outbound_audit WHERE outbound_id = :id").param("id", id)
                .query(Boolean.class).single()).isTrue();
    }

    /** A conversation whose customer just wrote, as the conversation topic reports it. */
    private long openWindow() {
        long conversation = Fixtures.nextId();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), new MessageAccepted(Fixtures.BUSINESS,
                conversation, Fixtures.nextId(), 1, Direction.INBOUND, Channel.META_CLOUD, "wamid.IN", "text", "hi",
                Instant.now(), Instant.now(), new Recipient(null, "1", null), null, Map.of()))));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM conversation_window WHERE conversation_id = :c").param("c", conversation)
                .query(Long.class).single() == 1);
        return conversation;
    }

    private String message(long conversation, String waId, String text) {
        return json.writeValueAsString(new AgentMessagesController.AgentMessageRequest(Fixtures.BUSINESS,
                conversation, text, new Recipient("+" + waId, waId, null)));
    }

    private String hashOf(String body) throws Exception {
        AgentMessagesController.AgentMessageRequest request = json.readValue(body,
                AgentMessagesController.AgentMessageRequest.class);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/outbound/messages"))
                .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> retry(long id, boolean force, String actor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/outbound/" + id + "/retry?force=" + force + "&reason=customer%20asked"))
                .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody());
        if (actor != null) {
            request.header("X-Actor", actor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(status);
    }
}
