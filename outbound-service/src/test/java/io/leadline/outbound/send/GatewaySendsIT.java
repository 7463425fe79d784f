package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.gatewayIntent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.outbound.Events;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.event.EventCodec;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.RecordedGatewaySend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reply to someone who wrote through a WhatsApp-Web gateway goes back through that gateway instance (Evolution
 * API's {@code sendText}, simulated over real HTTP), which is the only way to reach a person known only by an
 * {@code @lid}; every other reply still goes through the Graph API. Only {@value #INSTANCE} has a gateway here.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.gateway.connect-timeout=500ms",
        "leadline.outbound.gateway.read-timeout=1s",
        "leadline.outbound.retry.backoff=100ms",
        "leadline.outbound.pacing.conversation-gap=100ms",
        "leadline.outbound.dispatcher.poll-interval=100ms"})
@LeadlineIntegrationTest
class GatewaySendsIT {

    static final String INSTANCE = "evo-jakarta";
    private static final String API_KEY = "evolution-instance-key-7c1e";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Takes gateway sends only with this instance's key: a send that gets through proves the key was used. */
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
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void anLidOnlyPersonIsRepliedToThroughTheirGatewayExactlyOnceByTheirLidJid(CapturedOutput output) {
        String lid = Fixtures.lid();
        long conversation = Fixtures.nextId();
        ReplyIntended intent = gatewayIntent(conversation, INSTANCE, new Recipient(null, null, null, lid));
        try (TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            long id = outboundLog.accept(intent).outboundId();
            assertThat(outboundLog.accept(intent).created()).as("the same intent again is a collision").isFalse();

            awaitStatus(id, "SENT");
            assertThat(simulator.gatewaySends()).singleElement().satisfies(send -> {
                assertThat(send.instance()).isEqualTo(INSTANCE);
                assertThat(send.number()).isEqualTo(lid + "@lid");
                assertThat(send.text()).isEqualTo(intent.text());
            });
            assertThat(simulator.sends()).as("nothing through the Graph API").isEmpty();
            String messageId = simulator.gatewaySends().getFirst().messageId();
            assertThat(Fixtures.row(jdbc, id)).containsEntry("provider_message_id", messageId)
                    .containsEntry("channel", "GATEWAY").containsEntry("attempts", 1);
            OutboundSent sent = codec.decode(Events.awaitOutcome(outcomes, "OutboundSent", id, conversation).value(),
                    OutboundSent.class);
            assertThat(sent.channel()).as("so the gateway's echo of it is the same message").isEqualTo(Channel.GATEWAY);
            assertThat(sent.providerMessageId()).isEqualTo(messageId);
        }
        assertThat(output.getAll()).doesNotContain(lid).doesNotContain(API_KEY);
    }

    @Test
    void aPersonWithAPhoneWhoWroteThroughAGatewayIsAddressedByTheDigitsOfTheirPhone() {
        String waId = Fixtures.waId();

        long id = outboundLog.accept(gatewayIntent(Fixtures.nextId(), INSTANCE,
                new Recipient("+" + waId, null, null, Fixtures.lid()))).outboundId();

        awaitStatus(id, "SENT");
        assertThat(simulator.gatewaySends()).extracting(RecordedGatewaySend::number).containsExactly(waId);
    }

    @Test
    void aReplyToACloudApiMessageStillGoesThroughTheGraphApi() {
        String waId = Fixtures.waId();

        long id = outboundLog.accept(Fixtures.intent(Fixtures.nextId(), waId, "service", Fixtures.nextId()))
                .outboundId();

        awaitStatus(id, "SENT");
        assertThat(simulator.sendsTo(waId)).hasSize(1);
        assertThat(simulator.gatewaySends()).isEmpty();
        assertThat(Fixtures.row(jdbc, id)).containsEntry("channel", "META_CLOUD");
    }

    @Test
    void aGatewayReplyWithNoGatewayConfiguredForItsInstanceFailsWithTheReasonAndAnOpsTask() {
        long conversation = Fixtures.nextId();
        try (TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS);
                TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            long id = outboundLog.accept(gatewayIntent(conversation, "waha-unknown",
                    new Recipient(null, null, null, Fixtures.lid()))).outboundId();

            awaitStatus(id, "FAILED");
            assertThat((String) Fixtures.row(jdbc, id).get("last_error"))
                    .startsWith("NO_GATEWAY: no gateway is configured for instance waha-unknown");
            assertThat(Fixtures.row(jdbc, id)).containsEntry("attempts", 0);
            Events.awaitTask(tasks, id, "SEND_FAILED");
            Events.awaitOutcome(outcomes, "OutboundFailed", id, conversation);
            assertThat(simulator.gatewaySendRequests() + simulator.sendRequests()).isZero();
        }
    }

    @Test
    void aGatewayReplyWhoseInstanceIsUnknownFailsAndIsNeverSentThroughTheGraphApi() {
        long id = outboundLog.accept(gatewayIntent(Fixtures.nextId(), null,
                new Recipient(null, Fixtures.waId(), null))).outboundId();

        awaitStatus(id, "FAILED");
        assertThat((String) Fixtures.row(jdbc, id).get("last_error")).startsWith("NO_GATEWAY");
        assertThat(simulator.gatewaySendRequests() + simulator.sendRequests()).isZero();
    }

    @Test
    void aGatewayServerErrorIsRetriedAndTheNextAttemptIsSentOnce() {
        String lid = Fixtures.lid();
        simulator.faults().nextTo(lid + "@lid", Fault.serverError());

        long id = outboundLog.accept(gatewayIntent(Fixtures.nextId(), INSTANCE,
                new Recipient(null, null, null, lid))).outboundId();

        awaitStatus(id, "SENT");
        assertThat(Fixtures.row(jdbc, id)).containsEntry("attempts", 2);
        assertThat(simulator.gatewaySendRequests()).isEqualTo(2);
        assertThat(simulator.gatewaySends()).hasSize(1);
    }

    @Test
    void aGatewayThatTakesTheRequestButDoesNotAnswerInTimeIsUnknownAndNeverSentAgain() {
        String lid = Fixtures.lid();
        simulator.faults().nextTo(lid + "@lid", Fault.slowAnswer(Duration.ofSeconds(3)));

        long id = outboundLog.accept(gatewayIntent(Fixtures.nextId(), INSTANCE,
                new Recipient(null, null, null, lid))).outboundId();

        awaitStatus(id, "UNKNOWN");
        assertThat((String) Fixtures.row(jdbc, id).get("last_error")).startsWith("AMBIGUOUS");
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> simulator.gatewaySendRequests() == 1 && "UNKNOWN".equals(status(id)));
    }

    private String status(long id) {
        return (String) Fixtures.row(jdbc, id).get("status");
    }

    private void awaitStatus(long id, String expected) {
        await().atMost(WAIT).pollDelay(Duration.ZERO).until(() -> expected.equals(status(id)));
    }
}
