package io.leadline.ingest;

import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns provider webhooks into keyed Kafka events. Stateless: it scales by adding instances. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    public static final String NAME = "ingest-service";

    public static void main(String[] args) {
        LeadlineApplication.builder(IngestApplication.class, NAME).run(args);
    }
}
