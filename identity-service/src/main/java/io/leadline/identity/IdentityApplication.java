package io.leadline.identity;

import io.leadline.platform.LeadlineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One person, one contact: normalizes identifiers and resolves the canonical conversation key. */
@SpringBootApplication
public class IdentityApplication {

    public static final String NAME = "identity-service";

    public static void main(String[] args) {
        LeadlineApplication.builder(IdentityApplication.class, NAME).run(args);
    }
}
