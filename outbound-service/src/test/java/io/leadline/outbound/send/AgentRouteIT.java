package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.RecordedGatewaySend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An agent's message goes back the way the customer last wrote in: through the gateway instance of their latest
 * message, or the Cloud API; the route follows the customer's newest message, whatever order the events come in.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = "leadline.outbound.dispatcher.poll-interval=100ms")
@LeadlineIntegrationTest
class AgentRouteIT {

    private static final String INSTANCE = "evo-bandung";
    private static final String API_KEY = "evolution-instance-key-41d2";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final WhatsAppSimulator simulator = Simulator.withGateway(API_KEY);

    @DynamicPropertySource
    static void apis(DynamicPropertyRegistry registry) {
        Simulator.register(registry, simulator, INSTANCE, API_KEY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    ConversationWindows windows;

    @Autowired
    JdbcClient jdbc;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void anAgentsMessageToSomeoneWhoLastWroteThroughAGatewayGoesBackThroughThatInstance() {
        String lid = Fixtures.lid();
        long conversation = Fixtures.nextId();
        track(customerWrote(conversation, Channel.GATEWAY, INSTANCE, now.minusSeconds(60)));
        // the business's own message after it names no route: the customer's stays
        track(businessWrote(conversation, now.minusSeconds(60)));

        long id = agentSends(conversation, new Recipient(null, null, null, lid));

        awaitStatus(id, "SENT");
        assertThat(simulator.gatewaySends()).singleElement().satisfies(send -> {
            assertThat(send.instance()).isEqualTo(INSTANCE);
            assertThat(send.number()).isEqualTo(lid + "@lid");
        });
        assertThat(simulator.sends()).as("nothing through the Graph API").isEmpty();
    }

    @Test
    void theCustomersNewestMessageDecidesTheRouteWhateverOrderTheEventsComeIn() {
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        track(customerWrote(conversation, Channel.META_CLOUD, null, now.minusSeconds(60)));
        track(customerWrote(conversation, Channel.GATEWAY, INSTANCE, now.minusSeconds(120)));

        long id = agentSends(conversation, new Recipient("+" + waId, waId, null));

        awaitStatus(id, "SENT");
        assertThat(simulator.sendsTo(waId)).hasSize(1);
        assertThat(simulator.gatewaySends()).extracting(RecordedGatewaySend::instance).isEmpty();
    }

    @Test
    void withinOnePollBatchTheCustomersNewestMessageDecidesTheRouteAndTheBusinesssOwnNamesNone() {
        long older = Fixtures.nextId();
        long newer = Fixtures.nextId();
        track(customerWrote(older, Channel.META_CLOUD, null, now.minusSeconds(60)),
                customerWrote(newer, Channel.META_CLOUD, null, now.minusSeconds(120)),
                customerWrote(older, Channel.GATEWAY, INSTANCE, now.minusSeconds(120)),
                customerWrote(newer, Channel.GATEWAY, INSTANCE, now.minusSeconds(60)),
                businessWrote(newer, now.minusSeconds(60)));

        assertThat(window(older)).containsEntry("channel", "META_CLOUD")
                .containsEntry("last_inbound_at", java.sql.Timestamp.from(now.minusSeconds(60)));
        assertThat(window(newer)).containsEntry("channel", "GATEWAY").containsEntry("gateway_instance", INSTANCE)
                .containsEntry("last_inbound_at", java.sql.Timestamp.from(now.minusSeconds(60)));
    }

    @Test
    void anAgentsMessageWhereOnlyTheBusinesssOwnMessagesWereSeenGoesThroughTheCloudApi() {
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        track(businessWrote(conversation, now.minusSeconds(60)));

        long id = agentSends(conversation, new Recipient("+" + waId, waId, null));

        awaitStatus(id, "SENT");
        assertThat(simulator.sendsTo(waId)).hasSize(1);
        assertThat(Fixtures.row(jdbc, id)).containsEntry("channel", "META_CLOUD");
    }

    /** One poll batch of the listener, the events in this order. */
    private void track(MessageAccepted... messages) {
        windows.trackAccepted(Arrays.stream(messages).map(message -> new EventEnvelope<>(UUID.randomUUID().toString(),
                "leadline.conversation.MessageAccepted", "/test", Instant.now(), null, "leadline.conversation.v1", 0,
                0, Long.toString(message.conversationId()), message)).toList());
    }

    private Map<String, Object> window(long conversation) {
        return jdbc.sql("SELECT * FROM conversation_window WHERE conversation_id = :c").param("c", conversation)
                .query().singleRow();
    }

    private long agentSends(long conversation, Recipient recipient) {
        return outboundLog.accept(new OutboundLog.AgentMessage(Fixtures.BUSINESS, conversation,
                "agent-" + UUID.randomUUID(), Instant.now(), "Halo, ini tim kami", recipient)).outboundId();
    }

    private static MessageAccepted customerWrote(long conversation, Channel channel, String instance, Instant at) {
        return new MessageAccepted(Fixtures.BUSINESS, conversation, Fixtures.nextId(), Fixtures.nextId(),
                Direction.INBOUND, channel, "wamid.IN" + Fixtures.nextId(), "text", "Halo", at, at, null, null,
                Map.of(), at.plusMillis(200), instance);
    }

    private static MessageAccepted businessWrote(long conversation, Instant lastInbound) {
        return new MessageAccepted(Fixtures.BUSINESS, conversation, Fixtures.nextId(), Fixtures.nextId(),
                Direction.OUTBOUND, Channel.META_CLOUD, "wamid.OUT" + Fixtures.nextId(), "text", "Terima kasih",
                lastInbound.plusSeconds(5), lastInbound, null, null, Map.of(), null, null);
    }

    private void awaitStatus(long id, String expected) {
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT status FROM outbound_message WHERE id = :id")
                .param("id", id).query(String.class).single(), expected::equals);
    }
}
