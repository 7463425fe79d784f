package io.leadline.outbound.send;

import static io.leadline.outbound.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.outbound.Fixtures;
import io.leadline.outbound.OutboundApplication;
import io.leadline.outbound.Simulator;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A backlog is claimed several rows per transaction, not one row each as places free up. One worker, 8 places, 40
 * rows due at once, every answer 100 ms late: the calls of a claim come back close together, and the claim linger
 * lets the worker wait for all 8 places rather than claim each as it frees. A claim's rows share its transaction's
 * {@code now()}, so the distinct {@code sending_at} values count the claims.
 */
@SpringBootTest(classes = OutboundApplication.class, properties = {
        "leadline.outbound.graph.max-concurrent-requests=8",
        "leadline.outbound.dispatcher.workers=1",
        "leadline.outbound.dispatcher.poll-interval=1s",
        "leadline.outbound.dispatcher.claim-linger=300ms"})
@LeadlineIntegrationTest
class ClaimLingerIT {

    private static final int ROWS = 40;

    private static final WhatsAppSimulator simulator = Simulator.start();

    @DynamicPropertySource
    static void graph(DynamicPropertyRegistry registry) {
        registry.add("leadline.outbound.graph.base-url", simulator::baseUrl);
    }

    @Autowired
    OutboundLog outboundLog;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBacklogIsClaimedAsManyRowsAsThereArePlacesNotOneByOne() {
        simulator.faults().next(ROWS, Fault.slowAnswer(Duration.ofMillis(100)));
        List<Long> conversations = IntStream.range(0, ROWS).mapToObj(i -> Fixtures.nextId()).toList();
        transactions.executeWithoutResult(tx -> conversations.forEach(conversation ->
                outboundLog.accept(intent(conversation, Fixtures.waId(), "service", Fixtures.nextId()))));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT count(*) FROM outbound_message WHERE conversation_id IN (:conversations) AND status = 'SENT'
                """).param("conversations", conversations).query(Long.class).single() == ROWS);

        long claims = jdbc.sql("""
                SELECT count(DISTINCT sending_at) FROM outbound_message WHERE conversation_id IN (:conversations)
                """).param("conversations", conversations).query(Long.class).single();
        assertThat(claims).as("claims for %d rows through 8 places (5 at best)", ROWS).isLessThanOrEqualTo(8);
        assertThat(simulator.sends()).hasSize(ROWS).extracting(RecordedSend::callbackData).doesNotHaveDuplicates();
    }
}
