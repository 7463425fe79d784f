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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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

    @Test
    void replayingFromAnOffsetRepublishesTheArchiveFromThereOnAndNothingBeforeIt() throws Exception {
        WebhookClient client = new WebhookClient(port);
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String before = "wamid.offset-before-" + System.nanoTime();
        String from = "wamid.offset-from-" + System.nanoTime();
        ConsumerRecord<String, byte[]> archivedFrom;
        ConsumerRecord<String, byte[]> original;
        try (TopicProbe raw = TopicProbe.fromNow(bootstrap, Topics.WEBHOOKS_RAW);
                TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {
            postMeta(client, before);
            int partition = raw.awaitCount(r -> true, 1, WAIT).getFirst().partition();
            // The offset applies to every partition: pad this business's partition past the others' ends (other
            // test classes archive there too), so the replay finds exactly one webhook from the offset on.
            Map<Integer, Long> ends = endOffsets(bootstrap);
            long others = ends.entrySet().stream().filter(e -> e.getKey() != partition)
                    .mapToLong(Map.Entry::getValue).max().orElse(0);
            for (long offset = ends.get(partition); offset < others; offset++) {
                postMeta(client, "wamid.offset-filler-" + System.nanoTime());
            }
            postMeta(client, from);
            archivedFrom = raw.awaitUntil(records -> records.stream()
                    .anyMatch(r -> TopicProbe.value(r).contains(archivedBody(from))), WAIT).stream()
                    .filter(r -> TopicProbe.value(r).contains(archivedBody(from))).findFirst().orElseThrow();
            assertThat(archivedFrom.partition()).isEqualTo(partition);
            assertThat(archivedFrom.offset()).isGreaterThanOrEqualTo(others);
            original = byMessageId(inbound.awaitUntil(records -> byMessageId(records).containsKey(from), WAIT))
                    .get(from);
        }

        try (TopicProbe inbound = TopicProbe.fromNow(bootstrap, Topics.INBOUND)) {
            HttpResponse<String> outcome = replay("fromOffset=" + archivedFrom.offset(), TestInfrastructure.ADMIN_TOKEN);

            assertThat(outcome.statusCode()).isEqualTo(200);
            assertThat(outcome.body()).isEqualTo("{\"webhooks\":1,\"messages\":1,\"statuses\":0,\"failed\":0}");
            List<ConsumerRecord<String, byte[]>> replayed = inbound.awaitUntil(
                    records -> byMessageId(records).containsKey(from), WAIT);
            assertThat(byMessageId(replayed)).containsOnlyKeys(from);
            ConsumerRecord<String, byte[]> again = byMessageId(replayed).get(from);
            assertThat(TopicProbe.header(again, CloudEventHeaders.ID))
                    .isEqualTo(TopicProbe.header(original, CloudEventHeaders.ID));
            assertThat(TopicProbe.value(again)).isEqualTo(TopicProbe.value(original));
        }
    }

    private final Map<String, byte[]> posted = new HashMap<>();

    private void postMeta(WebhookClient client, String wamid) {
        byte[] meta = MetaWebhooks.textMessage("15550000002", "972501234567", "Noa", wamid, "Shalom", Instant.now());
        posted.put(wamid, meta);
        assertThat(client.post("/webhooks/whatsapp", meta, "X-Hub-Signature-256",
                MetaWebhooks.signature(meta, "test-app-secret")).statusCode()).isEqualTo(200);
    }

    private String archivedBody(String wamid) {
        return Base64.getEncoder().encodeToString(posted.get(wamid));
    }

    private static Map<Integer, Long> endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(Topics.WEBHOOKS_RAW)).allTopicNames().get()
                    .get(Topics.WEBHOOKS_RAW).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.WEBHOOKS_RAW, p.partition()),
                            p -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
        }
    }

    private static Map<String, ConsumerRecord<String, byte[]>> byMessageId(
            List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.toMap(
                r -> TopicProbe.value(r).replaceAll(".*\"providerMessageId\":\"([^\"]+)\".*", "$1"),
                Function.identity(), (first, second) -> first));
    }
}
