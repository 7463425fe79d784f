package io.leadline.outbound;

import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sends WhatsApp messages: at most once per dedupe key. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OutboundApplication {

    public static final String NAME = "outbound-service";

    public static void main(String[] args) {
        LeadlineApplication.builder(OutboundApplication.class, NAME).run(args);
    }
}
