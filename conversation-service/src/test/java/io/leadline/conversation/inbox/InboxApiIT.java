package io.leadline.conversation.inbox;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class InboxApiIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void anUnnamedContactShowsAsUnknownInItsBusinessesLanguage() {
        long hebrew = deliver(Person.lidOnly("demo-il"), "שלום");

        assertThat(api.get("/api/conversations/" + hebrew).json().path("displayName").asString())
                .isEqualTo("ללא שם");
    }

    @Test
    void aCrmOpensAContactsConversationByTheContactId() {
        Person one = Person.withPhone("Satu");
        Person other = Person.withPhone("Dua");
        long conversation = deliver(one, "halo");
        deliver(other, "halo");

        JsonNode rows = api.get("/api/conversations?contactId=" + one.contactId()).json();

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("id").asLong()).isEqualTo(conversation);
        assertThat(rows.get(0).path("contactId").asLong()).isEqualTo(one.contactId());
    }

    @Test
    void anLidOnlyContactShowsAsUnknownAndAPhoneOnlyOneAsItsNumberUntilTheyStateTheirName() {
        Person lid = Person.lidOnly();
        Person phone = Person.withPhone(null);
        long lidConversation = deliver(lid, "halo");
        long phoneConversation = deliver(phone, "halo");

        assertThat(api.get("/api/conversations/" + lidConversation).json().path("displayName").asString())
                .as("demo-id's word for Unknown").isEqualTo("Tanpa nama");
        assertThat(api.get("/api/conversations/" + phoneConversation).json().path("displayName").asString())
                .isEqualTo("+62 813-" + phone.phone().substring(6, 10) + "-" + phone.phone().substring(10));

        deliver(lid, "nama saya Rina");
        assertThat(api.get("/api/conversations/" + lidConversation).json().path("displayName").asString())
                .isEqualTo("Rina");
        JsonNode messages = api.get("/api/conversations/" + lidConversation + "/messages").json();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).path("text").asString()).isEqualTo("nama saya Rina");
    }

    @Test
    void aNameAPersonGaveTheContactWinsOverTheProfileName() {
        Person person = Person.withPhone("ayu_shop");
        long id = deliver(person, "halo");
        var card = person.card();

        publish(new ContactUpdated(person.business(), person.key(), new ContactCard(card.contactId(), "Bu Ayu",
                card.profileName(), card.phoneE164(), true, card.replyTo(), "Bu Ayu"), Instant.now()));

        await().atMost(WAIT).until(() -> api.get("/api/conversations/" + id).json().path("displayName").asString(),
                "Bu Ayu"::equals);
    }

    @Test
    void assigningPublishesTheChangeOnceAndTheFiltersFollowIt() {
        Person person = Person.withPhone("Gita");
        long id = deliver(person, "halo");
        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            assertThat(api.put("/api/conversations/" + id + "/assignee", "{\"assignee\":\"dana\"}").json()
                    .path("assignee").asString()).isEqualTo("dana");
            api.put("/api/conversations/" + id + "/assignee", "{\"assignee\":\"dana\"}");
            assertThat(ids("/api/conversations?assigned=true&limit=200")).contains(id);
            assertThat(ids("/api/conversations?assigned=false&limit=200")).doesNotContain(id);

            assertThat(api.delete("/api/conversations/" + id + "/assignee").json().path("assignee").isNull()).isTrue();

            var changes = published.awaitCount(record -> isAssignmentOf(record, id), 2, WAIT);
            assertThat(TopicProbe.value(changes.get(0))).contains("\"assignee\":\"dana\"");
            assertThat(TopicProbe.value(changes.get(1))).doesNotContain("assignee\":\"");
            assertThat(ids("/api/conversations?assigned=false&limit=200")).contains(id);
            String sentinel = wamid();
            publish(inbound(person, sentinel, "sentinel", Instant.now()));
            published.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, WAIT);
            assertThat(published.seen()).filteredOn(record -> isAssignmentOf(record, id)).hasSize(2);
        }
    }

    @Test
    void aDeletedConversationLeavesTheInboxAndComesBackWhenRestored() {
        long id = deliver(Person.withPhone("Hana"), "halo");

        assertThat(api.delete("/api/conversations/" + id).status()).isEqualTo(204);
        assertThat(ids("/api/conversations?limit=200")).doesNotContain(id);
        assertThat(ids("/api/conversations?deleted=true&limit=200")).contains(id);

        assertThat(api.post("/api/conversations/" + id + "/restore").json().path("deleted").asBoolean()).isFalse();
        assertThat(ids("/api/conversations?limit=200")).contains(id);
    }

    @Test
    void aDeletedConversationComesBackWhenTheCustomerWritesAgainButNotForTheBusinesssOwnMessages() {
        Person person = Person.withPhone("Jaya");
        String first = wamid();
        publish(inbound(person, first, "halo", Instant.now()));
        long id = await().atMost(WAIT).until(() -> conversationOf(first), found -> found != null);
        api.delete("/api/conversations/" + id);

        // The business's own messages (a reply, one typed on the phone) and a redelivery of an old one: still deleted.
        publish(Fixtures.sent(person, id, wamid(), "Ada yang bisa dibantu?", Instant.now()));
        String typed = wamid();
        publish(inbound(person, typed, "nanti saya telepon", Instant.now(), Instant.now(), true));
        String redelivery = UUID.randomUUID().toString();
        publisher.publishAll(List.of(new Outgoing(redelivery, inbound(person, first, "halo", Instant.now()))));
        await().atMost(WAIT).until(() -> api.get("/api/conversations/" + id + "/messages").json().size() == 3
                && processed(redelivery));
        assertThat(api.get("/api/conversations/" + id).json().path("deleted").asBoolean()).isTrue();
        assertThat(ids("/api/conversations?limit=200")).doesNotContain(id);

        String again = wamid();
        publish(inbound(person, again, "masih buka?", Instant.now()));
        await().atMost(WAIT).until(() -> conversationOf(again) != null);

        assertThat(api.get("/api/conversations/" + id).json().path("deleted").asBoolean()).isFalse();
        assertThat(ids("/api/conversations?limit=200")).contains(id);
        assertThat(ids("/api/conversations?deleted=true&limit=200")).doesNotContain(id);
    }

    @Test
    void badRequestsGetAProblemBody() {
        assertProblem(api.get("/api/conversations?cursor=not-a-cursor"), 400);
        assertProblem(api.get("/api/conversations?status=sleeping"), 400);
        assertProblem(api.get("/api/conversations/999999999/messages"), 404);
        assertProblem(api.put("/api/conversations/999999999/assignee", "{\"assignee\":\"dana\"}"), 404);
        long id = deliver(Person.withPhone("Indah"), "halo");
        assertProblem(api.put("/api/conversations/" + id + "/assignee", "{}"), 400);
        long contact = jdbc.sql("SELECT contact_id FROM conversation WHERE id = :id").param("id", id)
                .query(Long.class).single();
        assertProblem(api.patch("/api/leads/" + contact, "{\"shoeSize\":\"42\"}"), 400);
        assertProblem(api.patch("/api/leads/" + contact, "{\"email\":\"nope\"}"), 400);
        assertProblem(api.get("/api/leads/999999999"), 404);
    }

    private void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }

    private boolean isAssignmentOf(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, long id) {
        return "leadline.conversation.AssignmentChanged".equals(TopicProbe.header(record, "ce_type"))
                && Long.toString(id).equals(record.key());
    }

    private List<Long> ids(String path) {
        List<Long> ids = new ArrayList<>();
        api.get(path).json().forEach(row -> ids.add(row.path("id").asLong()));
        return ids;
    }

    private long deliver(Person person, String text) {
        String wamid = wamid();
        publish(inbound(person, wamid, text, Instant.now()));
        return await().atMost(WAIT).until(() -> conversationOf(wamid), id -> id != null);
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }

    private boolean processed(String eventId) {
        return jdbc.sql("SELECT count(*) FROM processed_event WHERE event_id = :id").param("id", eventId)
                .query(Long.class).single() == 1;
    }

    private Long conversationOf(String wamid) {
        return jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).optional().orElse(null);
    }
}
