package io.leadline.localstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Samples every consumer group's total lag (end offset minus committed offset) once a period. */
final class LagSampler implements AutoCloseable {

    /** Lag of each group at one moment, seconds since the start of the run. */
    record Sample(double atSeconds, Map<String, Long> lagByGroup) {

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
                    Sample sample = new Sample((System.nanoTime() - startNanos) / 1e9, lag());
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

    private Map<String, Long> lag() throws Exception {
        Map<String, Long> lag = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            long total = 0;
            for (var entry : committed.entrySet()) {
                if (entry.getValue() != null) {
                    total += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            lag.put(group, total);
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
