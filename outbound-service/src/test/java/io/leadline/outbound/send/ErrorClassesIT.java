package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.outbound.Events;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each class of WhatsApp answer ends in its state, against the simulator over real HTTP. */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.connect-timeout=500ms",
        "leadline.outbound.graph.read-timeout=1s",
        "leadline.outbound.retry.backoff=100ms",
        "leadline.outbound.retry.pair-rate-limit-backoff=1500ms",
        "leadline.outbound.pacing.conversation-gap=100ms",
        "leadline.outbound.dispatcher.poll-interval=100ms"})
@LeadlineIntegrationTest
class ErrorClassesIT {

    private static final WhatsAppSimulator simulator = Simulator.start();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void serverErrorsAreRetriedWithBackOffAndTheThirdAttemptIsSent() {
        simulator.faults().next(2, Fault.serverError());
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        try (TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            long id = accept(intent(conversation, waId, "service", Fixtures.nextId()));

            awaitStatus(id, "SENT");
            assertThat(row(id).get("attempts")).isEqualTo(3);
            assertThat(simulator.sendRequests()).isEqualTo(3);
            assertThat(simulator.sendsTo(waId)).hasSize(1);
            Events.awaitOutcome(outcomes, "OutboundSent", id, conversation);
        }
    }

    @Test
    void throttlingOnEveryAttemptEndsFailedAfterThreeAttemptsWithAnOpsTask() {
        simulator.faults().next(3, Fault.throttled());
        long conversation = Fixtures.nextId();
        try (TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS);
                TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            long id = accept(intent(conversation, Fixtures.waId(), "service", Fixtures.nextId()));

            awaitStatus(id, "FAILED");
            assertThat(row(id)).containsEntry("attempts", 3).containsEntry("error_code", 130429);
            assertThat((String) row(id).get("last_error")).startsWith("RETRIES_EXHAUSTED");
            assertThat(simulator.sendRequests()).isEqualTo(3);
            Events.awaitTask(tasks, id, "SEND_FAILED");
            Events.awaitOutcome(outcomes, "OutboundFailed", id, conversation);
        }
    }

    @Test
    void thePairRateLimitIsRetriedAfterItsLongerBackOff() {
        simulator.faults().next(Fault.graphError(400, 131056));
        String waId = Fixtures.waId();

        long id = accept(intent(Fixtures.nextId(), waId, "service", Fixtures.nextId()));

        // Between the attempts: the refusal is recorded, after the first request had reached the simulator.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> "PENDING".equals(row(id).get("status"))
                && Integer.valueOf(131056).equals(row(id).get("error_code")));
        Instant firstRefusalRecorded = ((Timestamp) row(id).get("updated_at")).toInstant();
        awaitStatus(id, "SENT");
        assertThat(row(id).get("attempts")).isEqualTo(2);
        assertThat(simulator.sendRequests()).isEqualTo(2);
        Instant secondReceived = simulator.sendsTo(waId).getFirst().receivedAt();
        assertThat(Duration.between(firstRefusalRecorded, secondReceived))
                .as("the second attempt waited the pair back-off (1.5 s), not the ordinary one (100 ms)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest(name = "HTTP {0} with code {1} fails at once")
    @CsvSource({"400, 131047", "400, 131026", "400, 131048", "400, 131049", "400, 132001", "400, 100", "401, 190"})
    void aRefusalThatRepeatingCannotFixFailsAtOnceWithAnOpsTask(int status, int code) {
        simulator.faults().next(Fault.graphError(status, code));
        try (TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS)) {
            long id = accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()));

            awaitStatus(id, "FAILED");
            assertThat(row(id)).containsEntry("attempts", 1).containsEntry("error_code", code);
            assertThat(simulator.sendRequests()).isEqualTo(1);
            Events.awaitTask(tasks, id, "SEND_FAILED");
        }
    }

    @Test
    void aReadTimeoutAfterTheRequestArrivedIsUnknownAndNeverSentAgain() {
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(3)));
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        try (TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS);
                TopicProbe outcomes = TopicProbe.fromNow(bootstrap, Topics.OUTBOUND)) {
            long id = accept(intent(conversation, waId, "service", Fixtures.nextId()));

            await().atMost(WAIT).until(() -> simulator.sendsTo(waId).size() == 1);
            // The request is at WhatsApp: the row already says SENDING, with the attempt's time, committed.
            assertThat(row(id)).containsEntry("status", "SENDING");
            assertThat(row(id).get("sending_at")).isNotNull();

            awaitStatus(id, "UNKNOWN");
            Events.awaitTask(tasks, id, "SEND_UNKNOWN");
            Events.awaitOutcome(outcomes, "OutboundOutcomeUnknown", id, conversation);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> simulator.sendRequests() == 1 && "UNKNOWN".equals(row(id).get("status")));
        }
    }

    @Test
    void anAnswerCutMidwayIsUnknownAndNeverSentAgain() {
        simulator.faults().next(Fault.cutAnswer());

        long id = accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()));

        awaitStatus(id, "UNKNOWN");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.sendRequests() == 1 && "UNKNOWN".equals(row(id).get("status")));
    }

    @Test
    void aRefusedConnectionNeverReachedWhatsAppSoItIsRetriedNotUnknown() {
        simulator.refuseConnections();
        try {
            long id = accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId()));

            awaitStatus(id, "FAILED");
            assertThat(row(id).get("attempts")).isEqualTo(3);
            assertThat((String) row(id).get("last_error")).contains("NOT_REACHED");
        } finally {
            simulator.acceptConnections();
        }
    }

    @Test
    void freeTextOutsideTheTwentyFourHourWindowFailsWithWindowClosedAndAnOpsTask() {
        try (TopicProbe tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS)) {
            long id = accept(intent(Fixtures.nextId(), Fixtures.waId(), "service", Fixtures.nextId(),
                    Instant.now().minus(Duration.ofHours(25))));

            awaitStatus(id, "FAILED");
            assertThat((String) row(id).get("last_error")).startsWith("WINDOW_CLOSED");
            Events.awaitTask(tasks, id, "WINDOW_CLOSED");
            assertThat(simulator.sendRequests()).isZero();
        }
    }

    @Test
    void aPersonKnownOnlyByABusinessScopedIdIsAddressedByThatId() {
        String bsuid = "ID." + Fixtures.nextId();
        ReplyIntended toBsuid = new ReplyIntended(Fixtures.BUSINESS, Fixtures.nextId(), Fixtures.nextId(), "wamid.X",
                "QUESTION", "service", "Hello", new Recipient(null, null, bsuid), Instant.now());

        long id = accept(toBsuid);

        awaitStatus(id, "SENT");
        assertThat(simulator.sendsTo(bsuid)).hasSize(1);
    }

    private long accept(ReplyIntended intent) {
        return outboundLog.accept(intent).outboundId();
    }

    private Map<String, Object> row(long id) {
        return Fixtures.row(jdbc, id);
    }

    private void awaitStatus(long id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(id).get("status")).isEqualTo(status));
    }
}
