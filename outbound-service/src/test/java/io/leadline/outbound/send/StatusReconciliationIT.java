package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.outbound.Events;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** WhatsApp's status webhooks, as ingest publishes them on the real broker, settle what a send became. */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.read-timeout=1s",
        "leadline.outbound.dispatcher.poll-interval=100ms"})
@LeadlineIntegrationTest
class StatusReconciliationIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void aDeliveredStatusNamingAnUnknownSendReconcilesItAndTheThreadGetsTheMessage() {
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(3)));
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        long id = outboundLog.accept(intent(conversation, waId, "service", Fixtures.nextId())).outboundId();
        awaitStatus(id, "UNKNOWN");
        RecordedSend delivered = simulator.sendsTo(waId).getFirst();
        assertThat(delivered.callbackData()).isEqualTo(Long.toString(id));

        try (TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            publish(status(delivered, DeliveryState.DELIVERED, List.of()));

            awaitStatus(id, "DELIVERED");
            assertThat(row(id)).containsEntry("provider_message_id", delivered.wamid());
            Events.awaitOutcome(outcomes, "OutboundSent", id, conversation);
        }
        assertThat(simulator.sendRequests()).isEqualTo(1);
    }

    @Test
    void aFailedStatusForASentMessageMakesItFailedWithTheProvidersCodeAndAnOpsTaskAndNeverResendsIt() {
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        long id = outboundLog.accept(intent(conversation, waId, "service", Fixtures.nextId())).outboundId();
        awaitStatus(id, "SENT");
        RecordedSend sent = simulator.sendsTo(waId).getFirst();

        try (TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND);
                TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS)) {
            // Meta's asynchronous failure: the request was accepted (200, wamid), then the message could not go out.
            publish(status(sent, DeliveryState.FAILED, List.of(new ProviderError(131026, "Message undeliverable",
                    "Message undeliverable", "Unable to deliver message"))));

            awaitStatus(id, "FAILED");
            assertThat(row(id)).containsEntry("error_code", 131026).containsEntry("provider_message_id", sent.wamid());
            String failed = TopicProbe.value(Events.awaitOutcome(outcomes, "OutboundFailed", id, conversation));
            assertThat(failed).contains("\"errorCode\":131026");
            Events.awaitTask(tasks, id, OpsTasks.SEND_FAILED);
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sendRequests() == 1 && "FAILED".equals(row(id).get("status")));
    }

    @Test
    void aFailedStatusOfAnotherWamidLeavesASentMessageAlone() {
        String waId = Fixtures.waId();
        long id = outboundLog.accept(intent(Fixtures.nextId(), waId, "service", Fixtures.nextId())).outboundId();
        awaitStatus(id, "SENT");
        RecordedSend sent = simulator.sendsTo(waId).getFirst();
        RecordedSend earlierAttempt = new RecordedSend("wamid.EARLIER" + id, sent.apiVersion(), sent.phoneNumberId(),
                sent.to(), sent.type(), sent.text(), sent.callbackData(), null, sent.receivedAt());

        // Same recipient, same partition: the delivered status is applied after the stale failure.
        publish(status(earlierAttempt, DeliveryState.FAILED, List.of(new ProviderError(131026, "x", "x", "x"))));
        publish(status(sent, DeliveryState.DELIVERED, List.of()));

        awaitStatus(id, "DELIVERED");
        assertThat(row(id).get("error_code")).isNull();
    }

    private static DeliveryStatusReported status(RecordedSend send, DeliveryState state, List<ProviderError> errors) {
        return new DeliveryStatusReported(Fixtures.BUSINESS, Channel.META_CLOUD, send.wamid(), state, Instant.now(),
                send.to(), send.callbackData(), errors, null, "wh-" + UUID.randomUUID(), Map.of());
    }

    private void publish(DeliveryStatusReported status) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), status)));
    }

    private Map<String, Object> row(long id) {
        return Fixtures.row(jdbc, id);
    }

    private void awaitStatus(long id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(id).get("status")).isEqualTo(status));
    }
}
