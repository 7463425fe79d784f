package io.leadline.platform.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal stateful service on the platform: it turns ops tasks into rows and publishes an event for each. */
@SpringBootApplication
public class PlatformTestApplication {
}
