package io.leadline.localstack.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Topics;
import io.leadline.localstack.Service;
import io.leadline.platform.LeadlineApplication;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.RecordedGatewaySend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The field reports in ../shared/seeds, each replayed against the whole stack: real broker, database, HTTP. */
class SeedScenariosIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void startTheStack() {
        stack = Stack.start("seed_scenarios");
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneNumberArrivingInThreeFormatsIsOneContactWithOneConversation() throws Exception {
        String digits = "6281312340001";
        stack.customerWrites(digits, Map.of("text", "Halo dari Rina", "name", "Rina"));
        stack.customerWrites("+" + digits, Map.of("text", "Halo lagi", "name", "Rina"));
        stack.customerWrites("0" + digits.substring(2), Map.of("text", "Masih di sini", "name", "Rina"));

        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.message "
                + "WHERE direction = 'INBOUND' AND text IN ('Halo lagi', 'Masih di sini')") == 2);

        List<Long> byDigits = stack.contactsOf(digits);
        assertThat(byDigits).hasSize(1);
        assertThat(stack.contactsOf("+62 813-1234-0001")).isEqualTo(byDigits);
        assertThat(stack.contactsOf("0813 1234 0001")).isEqualTo(byDigits);
        // The three spellings can race on three partitions into three contacts that identity then merges; the
        // messages follow the merge into the survivor's one conversation.
        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.message m "
                + "JOIN conversation.conversation c ON c.id = m.conversation_id WHERE c.contact_id = ? "
                + "AND m.direction = 'INBOUND'", byDigits.getFirst()) == 3);
        assertThat(stack.count("SELECT count(*) FROM conversation.conversation WHERE contact_id = ? "
                + "AND merged_into_id IS NULL", byDigits.getFirst())).isEqualTo(1);
    }

    @Test
    void anLidFirstThenItsPhoneIsMergedIntoOnePersonAndOneInboxRow() throws Exception {
        String lid = "180149326519999@lid";
        String phone = "6281312340002";
        assertThat(stack.gatewayWrites(lid, null, "Kak, masih ada slot?").statusCode())
                .isEqualTo(200);
        await().atMost(TIMEOUT).until(() -> stack.contactsOf(lid).size() == 1);

        assertThat(stack.gatewayWrites(lid, phone + "@s.whatsapp.net", "Ini nomor saya")
                .statusCode()).isEqualTo(200);
        stack.customerWrites(phone, Map.of("text", "Dan lewat WhatsApp resmi", "name", "Ayu"));

        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.message "
                + "WHERE text = 'Dan lewat WhatsApp resmi'") == 1);
        List<Long> byLid = stack.contactsOf(lid);
        assertThat(byLid).hasSize(1).isEqualTo(stack.contactsOf(phone));
        JsonNode inbox = stack.get(Service.CONVERSATION, "/api/conversations?limit=200");
        long rows = 0;
        for (JsonNode row : inbox) {
            rows += row.path("contactId").asLong() == byLid.getFirst() ? 1 : 0;
            assertThat(row.path("displayName").asString()).doesNotContain("@lid").doesNotContain("@s.whatsapp.net");
        }
        assertThat(rows).as("one inbox row for the person").isEqualTo(1);
        assertThat(stack.count("SELECT count(*) FROM conversation.message m JOIN conversation.conversation c "
                + "ON c.id = m.conversation_id WHERE c.contact_id = ? AND m.direction = 'INBOUND'", byLid.getFirst()))
                .isEqualTo(3);
    }

    @Test
    void anLidOnlyPersonIsRepliedToThroughTheirGatewayOnceAndItsEchoIsOneMessageOfTheThread() throws Exception {
        String lid = "180149326517777@lid";
        String bootstrap = stack.local().bootstrapServers();
        try (TopicProbe resolved = TopicProbe.fromNow(bootstrap, Topics.IDENTITY)) {
            assertThat(stack.gatewayWrites(lid, null, "Halo kak, mau buat website").statusCode()).isEqualTo(200);

            await().atMost(TIMEOUT).until(() -> stack.gatewaySendsTo(lid).size() == 1);
            RecordedGatewaySend reply = stack.gatewaySendsTo(lid).getFirst();
            assertThat(reply.instance()).isEqualTo(Stack.DEMO_ID);
            // The gateway's echo of the reply (Evolution's send.message) came back through ingest and identity.
            resolved.awaitCount(record -> TopicProbe.value(record).contains(reply.messageId()), 1, TIMEOUT);
            await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM outbound.outbound_message "
                    + "WHERE provider_message_id = ? AND status = 'SENT'", reply.messageId()) == 1);
            // Written after the echo by the same person: in the same thread's order, so once it is stored the echo
            // has been handled too.
            assertThat(stack.gatewayWrites(lid, null, "Untuk toko roti").statusCode()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.message "
                    + "WHERE text = 'Untuk toko roti'") == 1);
        }

        RecordedGatewaySend reply = stack.gatewaySendsTo(lid).getFirst();
        assertThat(stack.count("SELECT count(*) FROM conversation.message WHERE provider_message_id = ?",
                reply.messageId())).as("the reply and the gateway's echo of it: one message").isEqualTo(1);
        assertThat(stack.count("SELECT count(*) FROM conversation.message m JOIN conversation.message hello "
                + "ON hello.conversation_id = m.conversation_id WHERE m.provider_message_id = ? "
                + "AND hello.text = 'Halo kak, mau buat website'", reply.messageId())).as("in the person's thread")
                .isEqualTo(1);
        assertThat(stack.sendsTo(lid.replace("@lid", ""))).as("nothing through the Graph API").isZero();
    }

    @Test
    void aWebhookDeliveredThreeTimesConcurrentlyIsOneMessageAndOneReply() throws Exception {
        String phone = "6281312340003";
        JsonNode written = stack.customerWrites(phone, Map.of("text", "Halo, mau tanya harga", "name", "Dewi",
                "deliveries", 3, "concurrent", true));
        String wamid = written.path("messageIds").get(0).asString();
        assertThat(written.path("webhookStatuses").toString()).isEqualTo("[200,200,200]");

        await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) >= 1);
        // Settled: the one decision made and its one outbound row finished.
        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM outbound.outbound_message o "
                + "WHERE o.status NOT IN ('PENDING', 'SENDING') "
                + "AND ? IN (o.recipient_wa_id, replace(o.recipient_phone, '+', ''))", phone) >= 1);

        assertThat(stack.count("SELECT count(*) FROM conversation.message WHERE provider_message_id = ?", wamid))
                .isEqualTo(1);
        assertThat(stack.count("SELECT count(*) FROM ai.decision d JOIN conversation.message m "
                + "ON m.id = d.inbound_message_id WHERE m.provider_message_id = ?", wamid)).isEqualTo(1);
        assertThat(stack.sendsTo(phone)).isEqualTo(1);
    }

    @Test
    void theReplyJoinsTheCustomersThreadInOrder() throws Exception {
        String phone = "6281312340004";
        stack.customerWrites(phone, Map.of("text", "Selamat pagi", "name", "Budi"));
        await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == 1);
        long contact = stack.contactsOf(phone).getFirst();
        long conversation = stack.count("SELECT id FROM conversation.conversation WHERE contact_id = ?", contact);

        JsonNode thread = await().atMost(TIMEOUT).until(() -> stack.get(Service.CONVERSATION,
                "/api/conversations/" + conversation + "/messages"), messages -> messages.size() == 2);

        assertThat(thread.get(0).path("direction").asString()).isEqualTo("INBOUND");
        assertThat(thread.get(0).path("text").asString()).isEqualTo("Selamat pagi");
        assertThat(thread.get(1).path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(thread.get(1).path("text").asString())
                .isEqualTo(stack.local().simulator().sends().stream().filter(send -> phone.equals(send.to()))
                        .findFirst().orElseThrow().text());
    }

    @Test
    void theServiceTypeTheCustomerNamesIsOnTheLeadWithinTwoSeconds() throws Exception {
        String phone = "6281312340005";
        stack.customerWrites(phone, Map.of("text", "Saya butuh aplikasi android untuk toko saya", "name", "Sari"));
        long written = System.nanoTime();

        await().atMost(TIMEOUT).until(() -> !stack.contactsOf(phone).isEmpty());
        long contact = stack.contactsOf(phone).getFirst();
        await().atMost(Duration.ofSeconds(2).minusNanos(System.nanoTime() - written)).pollInterval(Duration.ofMillis(50))
                .until(() -> "mobile-app".equals(stack.get(Service.CONVERSATION, "/api/leads/" + contact)
                        .path("fields").path("serviceType").path("value").asString(null)));
    }

    @Test
    void aReplyIntentDeliveredAgainIsNotSentAgain() throws Exception {
        String phone = "6281312340006";
        String bootstrap = stack.local().bootstrapServers();
        try (TopicProbe intents = TopicProbe.fromNow(bootstrap, Topics.REPLY_INTENTS)) {
            stack.customerWrites(phone, Map.of("text", "Halo", "name", "Eko"));
            ConsumerRecord<String, byte[]> intent = intents.awaitCount(record ->
                    TopicProbe.value(record).contains(phone), 1, TIMEOUT).getFirst();
            await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == 1);
            long collisions = stack.count("SELECT count(*) FROM outbound.dedupe_collision");

            // The same event again (a redelivery), and the same intent under a new event id (a producer's retry).
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(copy(intent, CloudEventHeaders.read(intent.headers(), CloudEventHeaders.ID))).get();
                producer.send(copy(intent, UUID.randomUUID().toString())).get();
            }

            await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM outbound.dedupe_collision")
                    > collisions);
            assertThat(stack.sendsTo(phone)).isEqualTo(1);
        }
    }

    @Test
    void aSimulatedRetryOfTheLastWebhookShowsNoNewMessageAndNoNewSend() throws Exception {
        String phone = "6281312340007";
        stack.customerWrites(phone, Map.of("text", "Halo, ada promo?", "name", "Fajar"));
        await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == 1);
        long conversation = stack.count("SELECT id FROM conversation.conversation WHERE contact_id = ?",
                stack.contactsOf(phone).getFirst());
        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.message "
                + "WHERE conversation_id = ?", conversation) == 2);

        var answer = stack.call(Service.CONVERSATION, "POST",
                "/api/admin/conversations/" + conversation + "/simulate-retry", null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode report = new tools.jackson.databind.json.JsonMapper().readTree(answer.body());
        assertThat(report.path("ingestStatus").asInt()).as("the ingest took the retry").isEqualTo(200);
        assertThat(report.path("messagesBefore").asLong()).isEqualTo(2);
        assertThat(report.path("newMessages").asLong()).isZero();
        assertThat(report.path("sendsBefore").asLong()).isEqualTo(1);
        assertThat(report.path("newSends").asLong()).isZero();
        // The zeros are evidence only because the retry demonstrably went through: ingest published it again and
        // identity-service consumed it (and, having processed that event id before, published nothing).
        assertThat(report.path("verdict").asString()).as(answer.body()).isEqualTo("NO_EFFECT");
        JsonNode first = report.path("pipeline").get(0);
        assertThat(first.path("topic").asString()).isEqualTo("leadline.inbound.v1");
        assertThat(first.path("consumed").asBoolean()).isTrue();
        assertThat(first.path("records").get(0).path("consumedBy").get(0).asString()).startsWith("identity-service");
        assertThat(stack.sendsTo(phone)).isEqualTo(1);
    }

    @Test
    void aServiceStartedAgainstADatabaseMissingAMigrationRefusesToStartAndSaysWhich() {
        try (TestDatabase behind = TestDatabase.create("missing_migration")) {
            Flyway.configure().dataSource(behind.url(), behind.user(), behind.password()).schemas("conversation")
                    .locations("classpath:db/migration/conversation").target("1").load().migrate();

            assertThatThrownBy(() -> LeadlineApplication.builder(Service.CONVERSATION.application(),
                            Service.CONVERSATION.serviceName(), Map.of("LEADLINE_ADMIN_TOKEN", "t"))
                    .run("--server.port=0", "--spring.datasource.url=" + behind.url(),
                            "--spring.datasource.username=" + behind.user(),
                            "--spring.datasource.password=" + behind.password(),
                            "--spring.kafka.bootstrap-servers=" + KafkaBroker.shared().bootstrapServers(),
                            "--leadline.platform.database.mode=validate", "--spring.main.banner-mode=off")
                    .close())
                    .rootCause()
                    .hasMessageContaining("does not match this build's migrations")
                    .hasMessageContaining("V2");
        }
    }

    private static ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record, String eventId) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(header -> {
            if (!header.key().equals(CloudEventHeaders.ID)) {
                copy.headers().add(header);
            }
        });
        copy.headers().add(CloudEventHeaders.ID, eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return copy;
    }
}
