package io.leadline.localstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Samples every consumer group's total lag (end offset minus committed offset) once a period. */
final class LagSampler implements AutoCloseable {

    /**
     * Lag of each group at one moment, seconds since the start of the run; {@code lagByTopic} splits it by
     * {@code group/topic}, so the report can say which of a service's listeners falls behind.
     */
    record Sample(double atSeconds, Map<String, Long> lagByGroup, Map<String, Long> lagByTopic) {

        Sample(double atSeconds, Map<String, Long> lagByGroup) {
            this(atSeconds, lagByGroup, Map.of());
        }

        long total() {
            return lagByGroup.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Admin admin;
    private final List<String> groups;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LagSampler(String bootstrapServers, List<String> groups, Duration period, long startNanos) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        this.groups = groups;
        this.thread = Thread.ofPlatform().daemon().name("bench-lag").start(() -> {
            while (running) {
                try {
                    Map<String, Long> byTopic = lag();
                    Map<String, Long> byGroup = new TreeMap<>();
                    byTopic.forEach((key, lag) -> byGroup.merge(key.substring(0, key.indexOf('/')), lag, Long::sum));
                    Sample sample = new Sample((System.nanoTime() - startNanos) / 1e9, byGroup, byTopic);
                    synchronized (samples) {
                        samples.add(sample);
                    }
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // A sample the broker could not answer in time is skipped, not fatal to the run.
                }
            }
        });
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Lag by {@code group/topic}; a group with nothing committed yet counts as {@code group/} with 0. */
    private Map<String, Long> lag() throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            lag.put(group + "/", 0L);
            for (var entry : committed.entrySet()) {
                if (entry.getValue() != null) {
                    lag.merge(group + "/" + entry.getKey().topic(),
                            Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset()), Long::sum);
                }
            }
        }
        return lag;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        admin.close(Duration.ofSeconds(5));
    }
}
