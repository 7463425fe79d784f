package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.sent;
import static io.leadline.conversation.Fixtures.status;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
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

/** Statuses reported by another channel than the one a send was stored under, and statuses that wait in vain. */
@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "leadline.conversation.parked-statuses.purge-interval=300ms")
@LeadlineIntegrationTest
@DirtiesContext
class DeliveryStatusIT {

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
    void kapsoStatusesReachASendStoredFromOutboundSentWhetherTheyComeAfterItOrBefore() {
        Person person = Person.withPhone("Kirana");
        Instant t0 = Instant.now();
        String hello = wamid();
        publish(inbound(person, hello, "Halo", t0));
        long conversation = await().atMost(WAIT).until(() -> conversationOf(hello), id -> id != null);
        String first = wamid();
        publish(sent(person, conversation, first, "Budget?", t0.plusSeconds(1)));
        await().atMost(WAIT).until(() -> message(conversation, first) != null);

        publish(status(Channel.KAPSO, first, DeliveryState.DELIVERED, t0.plusSeconds(2)));
        await().atMost(WAIT).until(() -> message(conversation, first).path("deliveryStatus").asString(),
                "DELIVERED"::equals);
        assertThat(message(conversation, first).path("channel").asString()).as("stored from OutboundSent")
                .isEqualTo("META_CLOUD");

        String second = wamid();
        publish(status(Channel.KAPSO, second, DeliveryState.READ, t0.plusSeconds(5)));
        await().atMost(WAIT).until(() -> parked(second) == 1);
        publish(sent(person, conversation, second, "Kota?", t0.plusSeconds(4)));
        await().atMost(WAIT).until(() -> message(conversation, second) != null
                && "READ".equals(message(conversation, second).path("deliveryStatus").asString()));
        assertThat(parked(second)).isZero();
    }

    @Test
    void aStatusWhoseMessageNeverCameIsPurgedAfterTheRetentionAndAFreshOneWaits() {
        String stale = wamid();
        String fresh = wamid();
        publish(status(Channel.KAPSO, stale, DeliveryState.DELIVERED, Instant.now()));
        publish(status(Channel.META_CLOUD, fresh, DeliveryState.DELIVERED, Instant.now()));
        await().atMost(WAIT).until(() -> parked(stale) == 1 && parked(fresh) == 1);

        // As if it had been parked eight days ago (the retention is seven).
        jdbc.sql("UPDATE parked_status SET parked_at = now() - interval '8 days' WHERE provider_message_id = :id")
                .param("id", stale).update();

        await().atMost(WAIT).until(() -> parked(stale) == 0);
        assertThat(parked(fresh)).isEqualTo(1);
    }

    private JsonNode message(long conversation, String wamid) {
        for (JsonNode message : api.get("/api/conversations/" + conversation + "/messages").json()) {
            if (wamid.equals(message.path("providerMessageId").asString())) {
                return message;
            }
        }
        return null;
    }

    private long parked(String wamid) {
        return jdbc.sql("SELECT count(*) FROM parked_status WHERE provider_message_id = :id").param("id", wamid)
                .query(Long.class).single();
    }

    private Long conversationOf(String wamid) {
        return jdbc.sql("SELECT conversation_id FROM message WHERE provider_message_id = :id").param("id", wamid)
                .query(Long.class).optional().orElse(null);
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }
}
