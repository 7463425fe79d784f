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

/**
 * A status webhook can overtake the answer to its own send: Meta sends "sent" as soon as it accepts the request,
 * and a timed-out call is recorded UNKNOWN only later. Such a status waits, and settles the send once its outcome is in.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.read-timeout=4s",
        "leadline.outbound.dispatcher.lease=30s",
        "leadline.outbound.dispatcher.poll-interval=100ms"})
@LeadlineIntegrationTest
class EarlyStatusIT {

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
    void aStatusThatOvertakesItsOwnTimedOutCallIsKeptAndSettlesTheSendWhenTheTimeoutIsRecorded() {
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(8)));
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        long id = outboundLog.accept(intent(conversation, waId, "service", Fixtures.nextId())).outboundId();
        // Meta's statuses leave as soon as it accepts the request, long before its slow answer: here while SENDING.
        await().atMost(WAIT).until(() -> !simulator.sendsTo(waId).isEmpty());
        RecordedSend accepted = simulator.sendsTo(waId).getFirst();
        assertThat(row(id).get("status")).isEqualTo("SENDING");

        try (TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            publish(status(accepted, DeliveryState.SENT, List.of()));
            publish(status(accepted, DeliveryState.DELIVERED, List.of()));
            await().atMost(WAIT).until(() -> waiting(id) == 2);
            assertThat(row(id).get("status")).as("kept while the call is still out").isEqualTo("SENDING");

            awaitStatus(id, "DELIVERED");
            assertThat(row(id)).containsEntry("provider_message_id", accepted.wamid());
            Events.awaitOutcome(outcomes, "OutboundSent", id, conversation);
        }
        assertThat(waiting(id)).as("nothing left waiting").isZero();
        assertThat(simulator.sendRequests()).isEqualTo(1);
    }

    private long waiting(long id) {
        return jdbc.sql("SELECT count(*) FROM early_status WHERE outbound_id = :id").param("id", id)
                .query(Long.class).single();
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
