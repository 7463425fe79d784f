package io.leadline.conversation.debug;

import io.leadline.contracts.Topics;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.trace.Traces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Follows what one traced request caused through the pipeline's topics, hop by hop: the records that carry its
 * trace id, and whether every consumer group reading their partitions has committed past them. Services commit
 * offsets only after the transaction that handled a batch, so "committed past" means handled: applied, or dropped
 * as a duplicate. The first hop with no record of the trace is where the request's effects ended.
 */
@Component
class PipelineTrace {

    static final List<String> PIPELINE = List.of(Topics.INBOUND, Topics.IDENTITY, Topics.CONVERSATION,
            Topics.REPLY_INTENTS, Topics.OUTBOUND);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaAdmin kafkaAdmin;

    PipelineTrace(ConsumerFactory<String, byte[]> consumers, KafkaAdmin kafkaAdmin) {
        this.consumers = consumers;
        this.kafkaAdmin = kafkaAdmin;
    }

    /** A record the request caused, and the consumer groups of its partition that committed past it. */
    record Landed(String position, String eventId, String type, List<String> consumedBy) {
    }

    /** One topic of the pipeline: what the request put there, and whether all of it has been consumed. */
    record Hop(String topic, List<Landed> records, boolean consumed) {
    }

    /** Where every pipeline topic ends now: what the request causes lands after these offsets. */
    Map<TopicPartition, Long> ends() {
        try (Consumer<String, byte[]> consumer = reader()) {
            List<TopicPartition> partitions = new ArrayList<>();
            PIPELINE.forEach(topic -> consumer.partitionsFor(topic).forEach(info ->
                    partitions.add(new TopicPartition(topic, info.partition()))));
            return consumer.endOffsets(partitions);
        }
    }

    /**
     * Follows the trace from the offsets {@link #ends()} gave before the request, until a topic holds nothing of it
     * or the deadline passes. The first topic's records are already there (the request was acknowledged after
     * them); each later topic gets {@code grace} after the previous hop was consumed, for its relay to publish.
     */
    List<Hop> follow(String traceId, Map<TopicPartition, Long> from, Duration grace, Instant deadline) {
        List<Hop> hops = new ArrayList<>();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            for (String topic : PIPELINE) {
                Instant until = hops.isEmpty() ? Instant.now() : min(Instant.now().plus(grace), deadline);
                List<ConsumerRecord<String, byte[]>> records = collect(topic, from, traceId, until, deadline);
                if (records.isEmpty()) {
                    break;
                }
                Hop hop = awaitConsumed(admin, topic, records, deadline);
                hops.add(hop);
                if (!hop.consumed()) {
                    break;
                }
            }
        }
        return hops;
    }

    private List<ConsumerRecord<String, byte[]>> collect(String topic, Map<TopicPartition, Long> from, String traceId,
            Instant until, Instant deadline) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = reader()) {
            List<TopicPartition> partitions = from.keySet().stream().filter(p -> p.topic().equals(topic)).toList();
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, from.get(partition)));
            Map<TopicPartition, Long> ends = null;
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    String traceparent = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TRACEPARENT);
                    if (traceparent != null && traceId.equals(Traces.traceIdOf(traceparent))) {
                        found.add(record);
                    }
                }
                if (!Instant.now().isBefore(until)) {
                    ends = ends == null ? consumer.endOffsets(partitions) : ends;
                    Map<TopicPartition, Long> reached = ends;
                    if (partitions.stream().allMatch(p -> consumer.position(p) >= reached.get(p))) {
                        break;
                    }
                }
            }
        }
        return found;
    }

    private Hop awaitConsumed(Admin admin, String topic, List<ConsumerRecord<String, byte[]>> records,
            Instant deadline) {
        List<Landed> landed;
        do {
            landed = new ArrayList<>();
            boolean all = true;
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Map<String, Long> committed = committedBy(admin, partition);
                List<String> past = committed.entrySet().stream().filter(group -> group.getValue() > record.offset())
                        .map(Map.Entry::getKey).sorted().toList();
                all &= !committed.isEmpty() && past.size() == committed.size();
                landed.add(new Landed(record.topic() + "-" + record.partition() + "@" + record.offset(),
                        CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID),
                        CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE), past));
            }
            if (all) {
                return new Hop(topic, landed, true);
            }
        } while (pause(deadline));
        return new Hop(topic, landed, false);
    }

    /** The groups with a member reading the partition now, and the offset each has committed there (-1: none). */
    private static Map<String, Long> committedBy(Admin admin, TopicPartition partition) {
        try {
            Set<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                    .map(GroupListing::groupId).collect(Collectors.toSet());
            Map<String, Long> committed = new HashMap<>();
            if (groups.isEmpty()) {
                return committed;
            }
            for (ConsumerGroupDescription group : admin.describeConsumerGroups(groups).all().get().values()) {
                boolean reads = group.members().stream()
                        .anyMatch(member -> member.assignment().topicPartitions().contains(partition));
                if (reads) {
                    OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata().get().get(partition);
                    committed.put(group.groupId(), offset == null ? -1L : offset.offset());
                }
            }
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker about consumer groups", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not describe its consumer groups: " + e.getCause(), e);
        }
    }

    /** Waits one poll interval if the deadline allows; false once it has passed. */
    private static boolean pause(Instant deadline) {
        if (!Instant.now().plus(POLL).isBefore(deadline)) {
            return false;
        }
        try {
            Thread.sleep(POLL);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Consumer<String, byte[]> reader() {
        Properties overrides = new Properties();
        overrides.put("enable.auto.commit", "false");
        // Assigned, never subscribed: it joins no group and commits nothing, so it never shows as a consumer.
        return consumers.createConsumer("leadline-retry-trace-" + UUID.randomUUID(), "leadline-retry-trace", null,
                overrides);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
