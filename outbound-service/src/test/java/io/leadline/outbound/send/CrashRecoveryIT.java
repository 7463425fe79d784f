package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.platform.LeadlineApplication;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.spring.TestInfrastructure;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invariant 4's second half and invariant 5: the service really stops (its Spring context closes) with a send in
 * each state, and a new context on the same database picks up from what the database says.
 */
class CrashRecoveryIT {

    private static final WhatsAppSimulator simulator = Simulator.shared();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    void aSendWhoseProcessStoppedAfterMarkingItSendingIsNeverSentAgainAndBecomesUnknown() throws Exception {
        String waId = Fixtures.waId();
        // WhatsApp holds the answer far longer than the process lives: the crash happens mid-call.
        simulator.faults().next(Fault.slowAnswer(Duration.ofSeconds(30)));
        try (TestDatabase database = TestDatabase.create("outbound_crash_after_sending")) {
            long id;
            try (ConfigurableApplicationContext first = start(database, true)) {
                id = first.getBean(OutboundLog.class).accept(intent(Fixtures.nextId(), waId, "service",
                        Fixtures.nextId())).outboundId();
                await().atMost(WAIT).until(() -> simulator.sendsTo(waId).size() == 1);
                assertThat(status(first, id)).isEqualTo("SENDING");
            }
            assertThat(status(database, id)).as("the stopped process recorded nothing").isEqualTo("SENDING");

            try (ConfigurableApplicationContext second = start(database, true)) {
                await().atMost(WAIT).until(() -> "UNKNOWN".equals(status(second, id)));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> simulator.sendRequests() == 1);
                assertThat(String.valueOf(Fixtures.row(second.getBean(JdbcClient.class), id).get("last_error")))
                        .startsWith("LEASE_EXPIRED");
            }
        }
    }

    @Test
    void anIntentAcceptedButNotYetSendingWhenTheProcessStoppedIsSentOnceAfterTheRestart() throws Exception {
        String waId = Fixtures.waId();
        long conversation = Fixtures.nextId();
        ReplyIntended intent = intent(conversation, waId, "service", Fixtures.nextId());
        try (TestDatabase database = TestDatabase.create("outbound_crash_before_sending")) {
            try (ConfigurableApplicationContext first = start(database, false)) {
                first.getBean(EventPublisher.class).publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                        intent)));
                await().atMost(WAIT).until(() -> "PENDING".equals(
                        Fixtures.status(first.getBean(JdbcClient.class), conversation)));
            }
            assertThat(simulator.sendRequests()).isZero();

            try (ConfigurableApplicationContext second = start(database, true)) {
                JdbcClient jdbc = second.getBean(JdbcClient.class);
                await().atMost(WAIT).until(() -> "SENT".equals(Fixtures.status(jdbc, conversation)));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                        .until(() -> simulator.sendsTo(waId).size() == 1);
            }
        }
    }

    /** A real outbound-service, as its main method starts it, on the given database. */
    private static ConfigurableApplicationContext start(TestDatabase database, boolean dispatching) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(
                TestInfrastructure.properties(database, "outbound-service." + database.name()));
        settings.put("server.port", 0);
        settings.put("LEADLINE_WHATSAPP_ACCESS_TOKEN", Simulator.ACCESS_TOKEN);
        settings.put("leadline.outbound.graph.base-url", simulator.baseUrl());
        settings.put("leadline.outbound.graph.connect-timeout", "500ms");
        settings.put("leadline.outbound.graph.read-timeout", "4s");
        settings.put("leadline.outbound.dispatcher.enabled", dispatching);
        settings.put("leadline.outbound.dispatcher.poll-interval", "100ms");
        settings.put("leadline.outbound.dispatcher.lease", "5s");
        settings.put("leadline.outbound.dispatcher.sweep-interval", "500ms");
        settings.put("leadline.outbound.dispatcher.shutdown-grace", "300ms");
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return LeadlineApplication.builder(OutboundApplication.class, OutboundApplication.NAME)
                .run(args.toArray(String[]::new));
    }

    private static String status(ConfigurableApplicationContext context, long id) {
        return String.valueOf(Fixtures.row(context.getBean(JdbcClient.class), id).get("status"));
    }

    private static String status(TestDatabase database, long id) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status FROM outbound.outbound_message WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
