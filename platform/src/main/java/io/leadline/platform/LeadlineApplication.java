package io.leadline.platform;

import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * How a Leadline service is started. Each service reads its configuration from {@code <service>.yml} rather than
 * {@code application.yml}, so all five can share one classpath in the local stack without shadowing each other.
 */
public final class LeadlineApplication {

    private LeadlineApplication() {
    }

    public static SpringApplicationBuilder builder(Class<?> application, String serviceName) {
        return builder(application, serviceName, Map.of());
    }

    /**
     * @param defaults programmatic defaults: the service's yml and the environment override them
     */
    public static SpringApplicationBuilder builder(Class<?> application, String serviceName,
            Map<String, Object> defaults) {
        var properties = new java.util.HashMap<String, Object>(defaults);
        properties.put("spring.config.name", serviceName);
        return new SpringApplicationBuilder(application).properties(properties);
    }
}
