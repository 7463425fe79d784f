package io.leadline.testkit.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer-group positions, so that test classes sharing one broker never read each other's events. */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * Commits, for a group that has never run, the current end of every Leadline topic: the group then reads
     * exactly what is produced from now on, and nothing an earlier test class left behind.
     */
    public static void positionAtEnd(String bootstrapServers, String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<String> topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith("leadline."))
                    .toList();
            if (topics.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(partition ->
                            latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) ->
                    ends.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot position consumer group " + group, e.getCause());
        }
    }
}
