package io.leadline.conversation.inbox;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.sent;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** The orders the API promises, each set up so that storage (id) order would give a different answer. */
@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
@DirtiesContext
class InboxOrderIT {

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
    void aThreadIsInTheProvidersTimeThenArrivalOrderWhateverOrderItWasProcessedIn() {
        Person person = Person.withPhone("Wulan");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        // Processed in this order, which is neither the providers' order nor the arrival order.
        String latest = deliver(person, t0.plusSeconds(10), t0.plusMillis(10_200));
        String sameSecondArrivedLater = deliver(person, t0.plusSeconds(3), t0.plusMillis(3_600));
        String sameSecondArrivedFirst = deliver(person, t0.plusSeconds(3), t0.plusMillis(3_100));
        String sentFirstDeliveredLast = deliver(person, t0, t0.plusSeconds(20));
        long conversation = conversationOf(latest);
        // A reply WhatsApp accepted within the same second (millisecond precision), between the two arrivals.
        String reply = wamid();
        publish(sent(person, conversation, reply, "Budget?", t0.plusMillis(3_500)));
        await().atMost(WAIT).until(() -> conversationOf(reply) != null);

        JsonNode thread = api.get("/api/conversations/" + conversation + "/messages").json();

        List<String> order = new ArrayList<>();
        Map<String, Long> ids = new HashMap<>();
        thread.forEach(message -> {
            order.add(message.path("providerMessageId").asString());
            ids.put(message.path("providerMessageId").asString(), message.path("id").asLong());
        });
        assertThat(order).containsExactly(sentFirstDeliveredLast, sameSecondArrivedFirst, reply, sameSecondArrivedLater,
                latest);
        assertThat(List.of(ids.get(latest), ids.get(sameSecondArrivedLater), ids.get(sameSecondArrivedFirst),
                ids.get(sentFirstDeliveredLast), ids.get(reply))).as("stored in processing order").isSorted();
    }

    @Test
    void theInboxPagesNewestActivityFirstWithACursorNotInCreationOrder() {
        String business = "paging-" + UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        // Activity offsets in creation order; two conversations share one activity time (then the newer id first).
        int[] activity = {30, 10, 50, 20, 40, 20};
        record Row(long id, int activity) {
        }
        List<Row> created = new ArrayList<>();
        for (int i = 0; i < activity.length; i++) {
            Person person = Person.withPhone(business, "P" + i);
            String wamid = deliver(person, t0.plusSeconds(activity[i]), t0.plusSeconds(activity[i]));
            created.add(new Row(conversationOf(wamid), activity[i]));
        }
        List<Long> expected = created.stream()
                .sorted(Comparator.comparingInt(Row::activity).thenComparingLong(Row::id).reversed())
                .map(Row::id).toList();

        List<Long> seen = new ArrayList<>();
        String path = "/api/conversations?businessId=" + business + "&limit=2";
        int pages = 0;
        while (path != null) {
            Api.Response page = api.get(path);
            page.json().forEach(row -> seen.add(row.path("id").asLong()));
            String cursor = page.header("X-Next-Cursor");
            path = cursor == null ? null : "/api/conversations?businessId=" + business + "&limit=2&cursor=" + cursor;
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(expected);
        assertThat(expected).as("newest activity first is not newest id first here")
                .isNotEqualTo(created.stream().map(Row::id).sorted(Comparator.reverseOrder()).toList());
    }

    /** Delivers an inbound message and waits until it is stored; returns its provider id. */
    private String deliver(Person person, Instant sentAt, Instant receivedAt) {
        String wamid = wamid();
        publish(inbound(person, wamid, "hi", sentAt, receivedAt, false));
        await().atMost(WAIT).until(() -> conversationOf(wamid) != null);
        return wamid;
    }

    private Long conversationOf(String wamid) {
        return jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).optional().orElse(null);
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }
}
