package io.leadline.conversation.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** The operators' queue through its API: assignment, the list's filters and cursor, re-driving a fixed dead letter. */
@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
@DirtiesContext
class TaskOperationsIT {

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
    void unassigningATaskLeavesNoAssigneeAndAResolutionWithoutANoteHasNone() {
        long id = raiseAndAwait("HANDOVER", "unassign-" + UUID.randomUUID(), 42L);

        assertThat(api.put("/api/tasks/" + id + "/assignee", "{\"assignee\":\"dana\"}").json().path("assignee")
                .asString()).isEqualTo("dana");
        assertThat(api.put("/api/tasks/" + id + "/assignee", "{\"assignee\":null}").json().path("assignee").isNull())
                .as("null, not an empty name").isTrue();
        api.put("/api/tasks/" + id + "/assignee", "{\"assignee\":\"dana\"}");
        assertThat(api.delete("/api/tasks/" + id + "/assignee").json().path("assignee").isNull()).isTrue();
        assertThat(api.post("/api/tasks/" + id + "/resolve").json().path("resolutionNote").isNull()).isTrue();
    }

    @Test
    void theListFiltersByTypeConversationAndOpennessAndPagesWithItsCursor() {
        String type = "PAGING_" + UUID.randomUUID();
        long conversation = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, raiseAndAwait(type, "subject-" + i, i < 3 ? conversation : conversation + 1));
        }
        long otherType = raiseAndAwait("OTHER_" + type, "subject-x", conversation);
        api.post("/api/tasks/" + ids.get(3) + "/resolve", "{\"note\":\"done\"}");

        List<Long> paged = new ArrayList<>();
        String path = "/api/tasks?view=ALL&limit=2&type=" + type;
        int pages = 0;
        while (path != null) {
            JsonNode page = api.get(path).json();
            page.path("tasks").forEach(task -> paged.add(task.path("id").asLong()));
            path = page.path("nextCursor").isNull() ? null
                    : "/api/tasks?view=ALL&limit=2&type=" + type + "&cursor=" + page.path("nextCursor").asString();
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).as("newest first, each once").isEqualTo(ids);

        assertThat(idsOf("/api/tasks?type=" + type)).as("open only, by default")
                .containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(4));
        assertThat(idsOf("/api/tasks?view=RESOLVED&type=" + type)).containsExactly(ids.get(3));
        assertThat(idsOf("/api/tasks?view=ALL&conversationId=" + conversation))
                .containsExactlyInAnyOrder(ids.get(2), ids.get(3), ids.get(4), otherType);
        assertThat(idsOf("/api/tasks?view=ALL&type=" + type + "&conversationId=" + conversation))
                .containsExactly(ids.get(2), ids.get(3), ids.get(4));
    }

    @Test
    void aDeadLetterReDrivenTwiceAfterItsCauseWasFixedTakesEffectExactlyOnce() {
        Person person = Person.withPhone("Rudi");
        // A send for a conversation this database does not have (say, restored from an older backup): dead-lettered.
        long conversation = ThreadLocalRandom.current().nextLong(9_000_000_000L, 10_000_000_000L);
        String wamid = Fixtures.wamid();
        String eventId = UUID.randomUUID().toString();
        publisher.publishAll(List.of(new Outgoing(eventId,
                Fixtures.sent(person, conversation, wamid, "Budget?", Instant.now()))));
        JsonNode task = await().atMost(WAIT).until(() -> only("/api/tasks?type=DEAD_LETTER&conversationId="
                + conversation), found -> found != null);
        assertThat(task.path("subject").asString()).endsWith(eventId);

        // The fix: the conversation is back.
        jdbc.sql("""
                INSERT INTO conversation (id, business_id, canonical_key, contact_id, last_activity_at)
                OVERRIDING SYSTEM VALUE VALUES (:id, :business, :key, :contact, now())
                """).param("id", conversation).param("business", Fixtures.BUSINESS).param("key", person.key())
                .param("contact", person.contactId()).update();
        try (TopicProbe accepted = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            long id = task.path("id").asLong();
            assertThat(api.post("/api/tasks/" + id + "/redrive", "{\"note\":\"conversation restored\"}").status())
                    .isEqualTo(200);
            assertThat(api.post("/api/tasks/" + id + "/redrive", "{\"note\":\"clicked twice\"}").status())
                    .isEqualTo(200);
            // Same partition as both re-driven records (keyed by the conversation): accepted after both were consumed.
            String sentinel = Fixtures.wamid();
            publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                    Fixtures.sent(person, conversation, sentinel, "Kota?", Instant.now()))));
            accepted.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, WAIT);

            assertThat(accepted.seen()).filteredOn(record -> TopicProbe.value(record).contains(wamid)).hasSize(1);
            JsonNode thread = api.get("/api/conversations/" + conversation + "/messages").json();
            assertThat(thread).filteredOn(message -> wamid.equals(message.path("providerMessageId").asString()))
                    .hasSize(1);
            JsonNode after = api.get("/api/tasks/" + id).json();
            assertThat(after.path("status").asString()).isEqualTo("RESOLVED");
            assertThat(after.path("occurrences").asInt()).as("not dead-lettered again").isEqualTo(1);
        }
    }

    private long raiseAndAwait(String type, String subject, long conversationId) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), new OpsTaskRaised(Fixtures.BUSINESS,
                type, subject, conversationId, 7L, "reason", Map.of("code", "1"), Instant.now()))));
        return await().atMost(WAIT).until(() -> only("/api/tasks?view=ALL&type=" + type + "&conversationId="
                + conversationId + "&limit=200"), found -> found != null
                && subject.equals(found.path("subject").asString())).path("id").asLong();
    }

    /** The newest task the list answers, or null when it is empty. */
    private JsonNode only(String path) {
        JsonNode tasks = api.get(path).json().path("tasks");
        return tasks.isEmpty() ? null : tasks.get(0);
    }

    private List<Long> idsOf(String path) {
        List<Long> ids = new ArrayList<>();
        api.get(path + "&limit=200").json().path("tasks").forEach(task -> ids.add(task.path("id").asLong()));
        return ids;
    }
}
