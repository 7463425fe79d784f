package io.leadline.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.platform.testapp.TaskRecorder;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A batch handler gets the fresh events of a poll batch together, and one at a time once a record fails. */
@SpringBootTest(classes = PlatformTestApplication.class)
@LeadlineIntegrationTest
class BatchHandlerIT {

    @Autowired
    IdempotentConsumer consumer;

    @Autowired
    TaskRecorder recorder;

    @Autowired
    EventCodec codec;

    private final List<List<String>> calls = new CopyOnWriteArrayList<>();

    @Test
    void theFreshEventsOfABatchReachTheHandlerTogetherInTheirOrderWithoutDuplicates() {
        String prefix = "together-" + UUID.randomUUID() + "-";
        var records = new ArrayList<ConsumerRecord<String, byte[]>>();
        String repeated = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            records.add(record(i, i == 3 ? repeated : UUID.randomUUID().toString(), task(prefix + i, "fine")));
        }
        records.add(record(5, repeated, task(prefix + 3, "fine")));

        consumer.process("platform-test.batch", records, handlers());

        assertThat(calls).containsExactly(List.of(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4));
        assertThat(recorder.count(prefix + 3)).isEqualTo(1);
    }

    @Test
    void whenOneEventFailsTheBatchIsAppliedOneEventAtATimeAndOnlyTheFailedOneIsSetAside() {
        String prefix = "apart-" + UUID.randomUUID() + "-";
        var records = List.of(record(0, UUID.randomUUID().toString(), task(prefix + 0, "fine")),
                record(1, UUID.randomUUID().toString(), task(prefix + 1, "poison")),
                record(2, UUID.randomUUID().toString(), task(prefix + 2, "fine")));

        consumer.process("platform-test.batch", records, handlers());

        // The first call held all three and was rolled back; then one call per attempt of each record.
        assertThat(calls.getFirst()).hasSize(3);
        assertThat(calls.subList(1, calls.size())).allSatisfy(call -> assertThat(call).hasSize(1));
        assertThat(recorder.count(prefix + 0)).isEqualTo(1);
        assertThat(recorder.count(prefix + 1)).isZero();
        assertThat(recorder.count(prefix + 2)).isEqualTo(1);
    }

    private EventHandlers handlers() {
        return EventHandlers.create().onBatch(OpsTaskRaised.class, envelopes -> {
            calls.add(envelopes.stream().map(EventEnvelope::payload).map(OpsTaskRaised::subject).toList());
            envelopes.forEach(envelope -> recorder.record(envelope.payload()));
        });
    }

    private ConsumerRecord<String, byte[]> record(long offset, String eventId, OpsTaskRaised task) {
        var record = new ConsumerRecord<>(Topics.OPS_TASKS, 0, offset, task.partitionKey(), codec.encode(task));
        CloudEventHeaders.write(record.headers(), CloudEventHeaders.of(eventId, EventTypes.nameOf(OpsTaskRaised.class),
                "/test", Instant.now(), null));
        return record;
    }

    private static OpsTaskRaised task(String subject, String reason) {
        return new OpsTaskRaised("platform-test", "TEST", subject, 7L, null, reason, Map.of(), Instant.now());
    }
}
