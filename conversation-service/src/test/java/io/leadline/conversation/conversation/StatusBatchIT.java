package io.leadline.conversation.conversation;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.status;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One poll batch of statuses, applied set-based in one call of {@link DeliveryStatuses#reportAll}: every message ends
 * as if its statuses had come one at a time in the batch's order — forward only, failed only before delivery, the
 * provider's error kept — and the statuses of messages not stored yet wait for them, each once.
 */
@SpringBootTest(classes = ConversationApplication.class)
@LeadlineIntegrationTest
class StatusBatchIT {

    @Autowired
    DeliveryStatuses statuses;

    @Autowired
    Conversations conversations;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchMovesEachMessageForwardInItsOrderAndParksWhatHasNoMessageYet() {
        Instant t0 = Instant.now();
        String inOrder = stored(t0);
        String outOfOrder = stored(t0);
        String failedLate = stored(t0);
        String failedEarly = stored(t0);
        String notYetStored = wamid();

        statuses.reportAll(List.of(
                envelope(status(inOrder, DeliveryState.SENT, t0.plusSeconds(1))),
                envelope(status(outOfOrder, DeliveryState.READ, t0.plusSeconds(3))),
                envelope(status(failedLate, DeliveryState.DELIVERED, t0.plusSeconds(2))),
                envelope(status(notYetStored, DeliveryState.SENT, t0.plusSeconds(1))),
                envelope(status(inOrder, DeliveryState.DELIVERED, t0.plusSeconds(2))),
                envelope(status(outOfOrder, DeliveryState.DELIVERED, t0.plusSeconds(2))),
                envelope(failed(failedLate, t0.plusSeconds(4))),
                envelope(failed(failedEarly, t0.plusSeconds(4))),
                envelope(status(notYetStored, DeliveryState.READ, t0.plusSeconds(3))),
                envelope(status(inOrder, DeliveryState.READ, t0.plusSeconds(3))),
                envelope(status(notYetStored, DeliveryState.SENT, t0.plusSeconds(1)))));

        assertThat(deliveryStatus(inOrder)).isEqualTo("READ");
        assertThat(deliveryStatus(outOfOrder)).as("never moved back").isEqualTo("READ");
        assertThat(deliveryStatus(failedLate)).as("failed only before delivery").isEqualTo("DELIVERED");
        assertThat(deliveryStatus(failedEarly)).isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT error_code FROM message WHERE provider_message_id = :id")
                .param("id", failedEarly).query(Integer.class).single()).isEqualTo(131026);
        assertThat(jdbc.sql("SELECT status FROM parked_status WHERE provider_message_id = :id ORDER BY status")
                .param("id", notYetStored).query(String.class).list()).containsExactly("READ", "SENT");
    }

    private String stored(Instant at) {
        String wamid = wamid();
        conversations.acceptInbound(inbound(Person.withPhone("Status " + wamid), wamid, "Halo", at));
        return wamid;
    }

    private static DeliveryStatusReported failed(String wamid, Instant at) {
        return new DeliveryStatusReported(Fixtures.BUSINESS, Channel.META_CLOUD, wamid, DeliveryState.FAILED, at,
                "62813", null, List.of(new ProviderError(131026, "Message undeliverable", null, null)), null,
                "webhook-3", Map.of());
    }

    private static EventEnvelope<DeliveryStatusReported> envelope(DeliveryStatusReported status) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), "DeliveryStatusReported", "test", Instant.now(), null,
                Topics.STATUS, 0, 0, status.providerMessageId(), status);
    }

    private String deliveryStatus(String wamid) {
        return jdbc.sql("SELECT delivery_status FROM message WHERE provider_message_id = :id").param("id", wamid)
                .query(String.class).single();
    }
}
