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

/** The debug view of one conversation: {@code GET /api/admin/ai/conversations/{id}}. */
@SpringBootTest(classes = AiOrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class ConversationFlowIT {

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void oneConversationShowsItsFlowStateAndEveryDecisionOldestFirst() throws Exception {
        long conversation = 7_000_000L + (long) (Math.random() * 1_000_000);
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), inbound(conversation, conversation * 10,
                "Hi")), new Outgoing(UUID.randomUUID().toString(), inbound(conversation, conversation * 10 + 1,
                "A website please"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM decision WHERE conversation_id = :c").param("c", conversation)
                .query(Integer.class).single() == 2);

        HttpResponse<String> response = get("/api/admin/ai/conversations/" + conversation,
                "Bearer " + TestInfrastructure.ADMIN_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = json.readTree(response.body());
        assertThat(view.path("flow").path("askedKeys").toString()).isEqualTo("[\"service\",\"location\"]");
        assertThat(view.path("flow").path("stateVersion").asLong()).isEqualTo(2);
        JsonNode decisions = view.path("decisions");
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0).path("inboundMessageId").asLong()).isEqualTo(conversation * 10);
        assertThat(decisions.get(0).path("questionKey").asString()).isEqualTo("service");
        assertThat(decisions.get(1).path("questionKey").asString()).isEqualTo("location");
        assertThat(decisions.get(1).path("model").asString()).isEqualTo("rules");
    }

    @Test
    void aConversationTheAiNeverSawIsAProblemNotAnEmptyPage() throws Exception {
        HttpResponse<String> response = get("/api/admin/ai/conversations/1", "Bearer " + TestInfrastructure.ADMIN_TOKEN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MessageAccepted inbound(long conversation, long message, String text) {
        Instant now = Instant.now();
        return new MessageAccepted("flow-business", conversation, message, conversation, Direction.INBOUND,
                Channel.META_CLOUD, "wamid." + message, "text", text, now, now,
                new Recipient("+6281300000003", null, null), null, Map.of());
    }
}
