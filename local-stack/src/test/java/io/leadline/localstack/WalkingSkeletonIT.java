package io.leadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.platform.trace.Traces;
import io.leadline.localstack.deploy.Promtool;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import io.leadline.testkit.whatsapp.RecordedSend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chain through all five services and every topic: a webhook in, one WhatsApp send out, one thread. */
class WalkingSkeletonIT {

    private static TestDatabase database;
    private static LocalStack stack;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startStack() {
        database = TestDatabase.create("walking_skeleton");
        stack = TestStacks.start(database);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        database.close();
    }

    @Test
    void aSignedTextWebhookEndsAsOneSendAndOneConversationHoldingBothMessages() throws Exception {
        String waId = "62813" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String wamid = "wamid.SKELETON" + UUID.randomUUID();
        byte[] body = MetaWebhooks.textMessage("15550000001", waId, "Ayu", wamid, "Hi, I need a website",
                Instant.now());

        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                        URI.create(stack.url(Service.INGEST) + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaWebhooks.signature(body, TestStacks.APP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);

        JsonNode conversations = await().atMost(Duration.ofSeconds(30)).until(
                () -> get("/api/conversations"),
                list -> list.size() == 1 && get("/api/conversations/" + list.get(0).path("id").asLong()
                        + "/messages").size() == 2);
        long conversationId = conversations.get(0).path("id").asLong();
        JsonNode messages = get("/api/conversations/" + conversationId + "/messages");

        assertThat(stack.simulator().sendsTo(waId)).hasSize(1);
        RecordedSend send = stack.simulator().sendsTo(waId).getFirst();
        assertThat(messages.get(0).path("direction").asString()).isEqualTo("INBOUND");
        assertThat(messages.get(0).path("providerMessageId").asString()).isEqualTo(wamid);
        assertThat(messages.get(1).path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(messages.get(1).path("providerMessageId").asString()).isEqualTo(send.wamid());
        assertThat(messages.get(1).path("text").asString()).isEqualTo(send.text());
        assertThat(conversations.get(0).path("displayName").asString()).isEqualTo("Ayu");
        assertThat(Traces.traceIdOf(send.traceparent()))
                .as("one trace id from the webhook to the WhatsApp call")
                .isEqualTo(accepted.headers().firstValue("X-Trace-Id").orElseThrow());

        // What the dashboard and the lag alert read must be there once a message has gone through.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Scrape.total(plainGet(stack.url(Service.OUTBOUND) + "/actuator/prometheus").body(),
                        "leadline_e2e_latency_seconds_count")).as("the end-to-end timer counted the reply")
                .isGreaterThanOrEqualTo(1));
        for (Service consumer : List.of(Service.IDENTITY, Service.CONVERSATION, Service.AI, Service.OUTBOUND)) {
            assertThat(Scrape.total(plainGet(stack.url(consumer) + "/actuator/prometheus").body(),
                    "kafka_consumer_fetch_manager_records_lag_max"))
                    .as(consumer.serviceName() + " reports its consumer lag").isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyServiceReportsItsDatabaseAndKafkaInItsHealth(Service service) throws Exception {
        JsonNode health = json.readTree(plainGet(stack.url(service) + "/actuator/health").body());

        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
        if (service != Service.INGEST) {
            assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyServiceExposesPrometheusMetricsTaggedWithItsName(Service service) throws Exception {
        HttpResponse<String> metrics = plainGet(stack.url(service) + "/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("service=\"" + service.serviceName() + "\"");
        // promtool parses the whole exposition (exit 1 when it cannot) and lints it (exit 3). The JVM's, Tomcat's
        // and Kafka client's meters break naming rules we do not own; Leadline's own must pass every rule.
        Promtool.Result lint = Promtool.run(Promtool.DOCKER, metrics.body(), "check", "metrics");
        assertThat(lint.exitCode()).as(lint.output()).isIn(0, 3);
        assertThat(lint.output().lines().filter(line -> line.startsWith("leadline_"))).isEmpty();
    }

    @Test
    void theCountersTheAlertsWatchExistAtZeroBeforeTheirFirstEvent() throws Exception {
        // increase() cannot see the first increment of a series that did not exist before it: the first dead letter,
        // merge or fallback would page no one.
        for (Service consumer : List.of(Service.IDENTITY, Service.CONVERSATION, Service.AI, Service.OUTBOUND)) {
            assertThat(plainGet(stack.url(consumer) + "/actuator/prometheus").body())
                    .as(consumer.serviceName()).containsPattern("leadline_consumer_events_total\\{[^}]*outcome=\"dead_lettered\"");
        }
        assertThat(plainGet(stack.url(Service.IDENTITY) + "/actuator/prometheus").body())
                .containsPattern("leadline_identity_merges_total\\{[^}]*reason=\"LID_LINKED_TO_PHONE\"");
        assertThat(plainGet(stack.url(Service.AI) + "/actuator/prometheus").body())
                .containsPattern("leadline_ai_fallbacks_total\\{[^}]*reason=\"timeout\"");
        assertThat(plainGet(stack.url(Service.OUTBOUND) + "/actuator/prometheus").body())
                .containsPattern("leadline_outbound_sends_total\\{[^}]*outcome=\"unknown\"");
    }

    @Test
    void theApiRefusesACallWithoutTheAdminTokenWithAProblem() throws Exception {
        HttpResponse<String> refused = plainGet(stack.url(Service.CONVERSATION) + "/api/conversations");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(refused.body()).path("status").asInt()).isEqualTo(401);
    }

    private HttpResponse<String> plainGet(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(stack.url(Service.CONVERSATION) + path))
                    .header("Authorization", "Bearer " + TestStacks.ADMIN_TOKEN)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
