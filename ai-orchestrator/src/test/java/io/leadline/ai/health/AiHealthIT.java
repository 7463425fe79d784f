package io.leadline.ai.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.spring.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = AiOrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class AiHealthIT {

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theHealthShowsTheLastTenConversationsFlowStateDecisionsByTypeAndFallbacks() throws Exception {
        long base = 5_000_000L + (long) (Math.random() * 1_000_000);
        List<Outgoing> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(new Outgoing(UUID.randomUUID().toString(), inbound(base + i, base * 10 + i, "Hi")));
        }
        publisher.publishAll(messages);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM decision")
                .query(Integer.class).single() == 12);
        // Answered after the first twelve are decided, so these two are the most recently moved whichever
        // partitions and batches the first twelve were decided in.
        publisher.publishAll(List.of(
                new Outgoing(UUID.randomUUID().toString(), inbound(base, base * 10 + 100, "A website")),
                new Outgoing(UUID.randomUUID().toString(), inbound(base + 1, base * 10 + 101, "STOP"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM decision")
                .query(Integer.class).single() == 14);

        HttpResponse<String> response = get("Bearer " + TestInfrastructure.ADMIN_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("model").asString()).isEqualTo("rules");
        assertThat(health.path("conversations")).hasSize(10);
        JsonNode answered = find(health.path("conversations"), base);
        assertThat(answered.path("askedCount").asInt()).isEqualTo(2);
        assertThat(answered.path("lastQuestionKey").asString()).isEqualTo("location");
        assertThat(answered.path("stateVersion").asLong()).isEqualTo(2);
        assertThat(find(health.path("conversations"), base + 1).path("optedOut").asBoolean()).isTrue();
        assertThat(health.path("decisionsByType").path("QUESTION").asLong()).isEqualTo(13);
        assertThat(health.path("decisionsByType").path("NONE").asLong()).isEqualTo(1);
        assertThat(health.path("fallbacks").isObject()).isTrue();
        assertThat(health.path("fallbacks").isEmpty()).as("the rule-based model never falls back").isTrue();
    }

    @Test
    void theHealthNeedsTheAdminToken() throws Exception {
        HttpResponse<String> refused = get("Bearer wrong");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static JsonNode find(JsonNode conversations, long id) {
        for (JsonNode conversation : conversations) {
            if (conversation.path("conversationId").asLong() == id) {
                return conversation;
            }
        }
        throw new AssertionError("conversation " + id + " is not among the last ten: " + conversations);
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        return get("/api/admin/ai/health", authorization);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MessageAccepted inbound(long conversation, long message, String text) {
        Instant now = Instant.now();
        return new MessageAccepted("health-business", conversation, message, conversation, Direction.INBOUND,
                Channel.META_CLOUD, "wamid." + message, "text", text, now, now,
                new Recipient("+6281300000002", null, null), null, Map.of());
    }
}
