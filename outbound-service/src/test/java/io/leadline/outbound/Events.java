package io.leadline.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testkit.kafka.TopicProbe;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the outbound tests look for on the real topics. */
public final class Events {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Events() {
    }

    /** Waits for exactly one {@code leadline.outbound.<type>} event about the send, and checks its record key. */
    public static ConsumerRecord<String, byte[]> awaitOutcome(TopicProbe outcomes, String type, long outboundId,
            long conversationId) {
        List<ConsumerRecord<String, byte[]>> records = outcomes.awaitCount(r -> isEvent(r, type, outboundId), 1,
                WAIT);
        assertThat(records).hasSize(1);
        // Keyed by conversation: a conversation's events stay in order on one partition.
        assertThat(records.getFirst().key()).as("record key of %s", type).isEqualTo(Long.toString(conversationId));
        return records.getFirst();
    }

    /** Waits for the ops task of this type about the send. */
    public static void awaitTask(TopicProbe tasks, long outboundId, String type) {
        tasks.awaitCount(r -> TopicProbe.value(r).contains("\"subject\":\"outbound:" + outboundId + "\"")
                && TopicProbe.value(r).contains("\"type\":\"" + type + "\""), 1, WAIT);
    }

    public static boolean isEvent(ConsumerRecord<String, byte[]> record, String type, long outboundId) {
        return "leadline.outbound.".concat(type).equals(TopicProbe.header(record, "ce_type"))
                && TopicProbe.value(record).contains("\"outboundId\":" + outboundId + ",");
    }
}
