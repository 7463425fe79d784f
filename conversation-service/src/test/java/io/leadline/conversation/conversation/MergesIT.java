package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** What a contact merge does to conversations and leads, seen through the API. */
@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
@DirtiesContext
class MergesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aMessageUnderTheMergedKeyBeforeTheSurvivorHasAConversationOpensItForTheSurvivor() {
        Person survivor = Person.withPhone("Eka");
        Person merged = Person.lidOnly();
        publish(Fixtures.merged(survivor, merged));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM conversation_key_alias WHERE alias_key = :key")
                .param("key", merged.key()).query(Long.class).single() == 1);

        // Resolved by identity before it learnt of the merge: the merged contact's card, under its old key.
        long conversation = deliver(merged, "mau bikin website");

        JsonNode row = api.get("/api/conversations/" + conversation).json();
        assertThat(row.path("contactId").asLong()).as("the survivor's contact, not the merged one")
                .isEqualTo(survivor.contactId());
        assertThat(api.get("/api/conversations?contactId=" + merged.contactId()).json()).isEmpty();
        assertThat(api.get("/api/leads/" + survivor.contactId()).json().path("fields").path("serviceType")
                .path("value").asString()).as("auto-fill went to the survivor's lead").isEqualTo("website");
        assertThat(deliver(survivor, "halo lagi")).as("the survivor's own messages join it").isEqualTo(conversation);
    }

    @Test
    void aMergeLetManualValuesWinOverAutomaticOnesAndAuditsEveryFieldItWrites() {
        Person survivor = Person.withPhone("Sari");
        Person merged = Person.lidOnly();
        deliver(survivor, "nama saya Sari, di Surabaya, butuh website");
        api.patch("/api/leads/" + survivor.contactId(), "{\"budget\":\"10000000 IDR\"}");
        long mergedConversation = deliver(merged, "mau aplikasi, email sari@contoh.co.id");
        api.patch("/api/leads/" + merged.contactId(), "{\"city\":\"Medan\",\"budget\":\"1000000 IDR\",\"name\":null}");
        long emailMessage = jdbc.sql("SELECT max(id) FROM message WHERE conversation_id = :id")
                .param("id", mergedConversation).query(Long.class).single();

        publish(Fixtures.merged(survivor, merged));
        await().atMost(WAIT).until(() -> field(survivor, "city").path("value").asString(), "Medan"::equals);

        assertThat(field(survivor, "city").path("source").asString()).as("a manual value beats an automatic one")
                .isEqualTo("MANUAL");
        assertThat(field(survivor, "budget").path("value").asString()).as("the survivor's own manual value stays")
                .isEqualTo("10000000 IDR");
        assertThat(field(survivor, "serviceType").path("value").asString()).as("automatic against automatic: kept")
                .isEqualTo("website");
        assertThat(field(survivor, "name").path("value").asString()).as("a field cleared on the other contact wipes nothing")
                .isEqualTo("Sari");
        assertThat(field(survivor, "email").path("value").asString()).isEqualTo("sari@contoh.co.id");
        List<String> audited = new ArrayList<>();
        api.get("/api/leads/" + survivor.contactId()).json().path("audit").forEach(change -> {
            if (change.path("merged_from").asLong() == merged.contactId()) {
                audited.add(change.path("field").asString() + ": " + text(change.path("old_value")) + " -> "
                        + text(change.path("new_value")) + " " + text(change.path("source")) + " "
                        + text(change.path("message_id")));
            }
        });
        assertThat(audited).containsExactlyInAnyOrder("city: Surabaya -> Medan MANUAL null",
                "email: null -> sari@contoh.co.id AUTO " + emailMessage);

        deliver(survivor, "eh, sebenarnya di Jakarta");
        assertThat(field(survivor, "city").path("value").asString()).as("the copied manual value is manual for good")
                .isEqualTo("Medan");
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "null" : value.asString();
    }

    private JsonNode field(Person person, String name) {
        return api.get("/api/leads/" + person.contactId()).json().path("fields").path(name);
    }

    private long deliver(Person person, String text) {
        String wamid = wamid();
        publish(inbound(person, wamid, text, Instant.now()));
        return await().atMost(WAIT).until(() -> jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :w")
                .param("w", wamid).query(Long.class).optional().orElse(null), id -> id != null);
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }
}
