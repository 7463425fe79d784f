package io.leadline.platform.kafka;

import io.leadline.contracts.Topics;
import io.leadline.platform.PlatformProperties;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Every Leadline topic and its dead-letter topic, with the configured partitions and replicas. Every service
 * declares all of them: creating an existing topic is a no-op, and no service depends on another's start-up.
 */
final class LeadlineTopics {

    private LeadlineTopics() {
    }

    static List<NewTopic> all(PlatformProperties.Kafka settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(topic(topic, settings));
            topics.add(topic(Topics.deadLetter(topic), settings));
        }
        return topics;
    }

    private static NewTopic topic(String name, PlatformProperties.Kafka settings) {
        TopicBuilder builder = TopicBuilder.name(name).partitions(settings.partitions());
        if (settings.replicationFactor() != null) {
            builder.replicas(settings.replicationFactor());
        }
        return builder.build();
    }
}
