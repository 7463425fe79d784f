package io.leadline.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.IngestApplication;
import io.leadline.ingest.WebhookClient;
import io.leadline.ingest.webhook.HmacSignature;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.spring.TestInfrastructure;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@LeadlineIntegrationTest
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private HttpResponse<String> replay(String query, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/admin/ingest/replay?" + query))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void replayingTheArchiveRepublishesTheSameEventsUnderTheSameIdsAndArrivalSequence() throws Exception {
        WebhookClient client = new WebhookClient(port);
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        Instant start = Instant.now().minusSeconds(1);
        String wamid = "wamid.replay-" + System.nanoTime();
        byte[] meta = MetaWebhooks.textMessage("15550000002", "972501234567", "Noa", wamid, "Shalom", Instant.now());
        byte[] kapso = Fixtures.bytes("kapso/message-received.json");
        Map<String, ConsumerRecord<String, byte[]>> original;
        try (TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {
            assertThat(client.post("/webhooks/whatsapp", meta, "X-Hub-Signature-256",
                    MetaWebhooks.signature(meta, "test-app-secret")).statusCode()).isEqualTo(200);
            assertThat(client.post("/webhooks/kapso", kapso, "X-Webhook-Signature",
                    HmacSignature.hex(kapso, "test-kapso-secret", HmacSignature.SHA256), "X-Webhook-Event",
                    "whatsapp.message.received").statusCode()).isEqualTo(200);
            original = byMessageId(inbound.awaitCount(r -> true, 2, WAIT));
        }

        try (TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {
            assertThat(replay("from=" + start, "wrong-token").statusCode()).isEqualTo(401);
            HttpResponse<String> outcome = replay("from=" + start, TestInfrastructure.ADMIN_TOKEN);

            assertThat(outcome.statusCode()).isEqualTo(200);
            assertThat(outcome.body()).contains("\"failed\":0");
            Map<String, ConsumerRecord<String, byte[]>> replayed = byMessageId(inbound.awaitUntil(
                    records -> byMessageId(records).keySet().containsAll(original.keySet()), WAIT));
            for (String id : original.keySet()) {
                ConsumerRecord<String, byte[]> before = original.get(id);
                ConsumerRecord<String, byte[]> after = replayed.get(id);
                assertThat(TopicProbe.header(after, CloudEventHeaders.ID))
                        .isEqualTo(TopicProbe.header(before, CloudEventHeaders.ID));
                assertThat(after.key()).isEqualTo(before.key());
                assertThat(TopicProbe.value(after)).isEqualTo(TopicProbe.value(before));
            }
        }
    }

    private static Map<String, ConsumerRecord<String, byte[]>> byMessageId(
            List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.toMap(
                r -> TopicProbe.value(r).replaceAll(".*\"providerMessageId\":\"([^\"]+)\".*", "$1"),
                Function.identity(), (first, second) -> first));
    }
}
