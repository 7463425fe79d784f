package io.leadline.ingest.webhook;

import io.leadline.contracts.Topics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Fetches the producer's metadata for ingest's topics once the service is up, so the first webhook does not spend
 * its acknowledgement time on it. In the background: a broker that is down must not delay start-up.
 */
@Component
class ProducerWarmup {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmup.class);
    private static final List<String> TOPICS = List.of(Topics.WEBHOOKS_RAW, Topics.INBOUND, Topics.STATUS,
            Topics.UNROUTED, Topics.deadLetter(Topics.WEBHOOKS_RAW));

    private final KafkaTemplate<String, byte[]> kafka;

    ProducerWarmup(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("ingest-producer-warmup").start(() -> {
            for (String topic : TOPICS) {
                try {
                    kafka.partitionsFor(topic);
                } catch (RuntimeException e) {
                    log.info("Producer metadata for {} not fetched yet ({}); the first webhook will fetch it", topic,
                            e.getMessage());
                }
            }
        });
    }
}
