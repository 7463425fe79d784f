package io.leadline.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Topics;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.platform.testapp.TaskRecorder;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = PlatformTestApplication.class)
@LeadlineIntegrationTest
class IdempotentConsumerIT {

    @Autowired
    EventPublisher publisher;

    @Autowired
    TaskRecorder recorder;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void aRedeliveredEventIsAppliedOnceAndPublishesNothingNew() {
        String subject = "redelivered-" + UUID.randomUUID();
        String sentinel = "sentinel-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (TopicProbe published = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            publisher.publishAll(List.of(new Outgoing(eventId, task(subject))));
            publisher.publishAll(List.of(new Outgoing(eventId, task(subject))));
            // Same key, same partition: once the later event's output is out, the redelivery has been handled.
            publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), task(sentinel))));

            published.awaitCount(record -> TopicProbe.value(record).contains(sentinel), 1, Duration.ofSeconds(30));

            assertThat(recorder.count(subject)).isEqualTo(1);
            assertThat(published.seen()).filteredOn(record -> TopicProbe.value(record).contains(subject)).hasSize(1);
        }
    }

    static OpsTaskRaised task(String subject) {
        return new OpsTaskRaised("platform-test", "TEST", subject, 7L, null, "test", Map.of(), Instant.now());
    }
}
