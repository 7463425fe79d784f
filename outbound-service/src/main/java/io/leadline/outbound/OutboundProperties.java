package io.leadline.outbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code leadline.outbound.*}: the WhatsApp Cloud API and the dispatcher's pace. */
@ConfigurationProperties("leadline.outbound")
public record OutboundProperties(Graph graph, Dispatcher dispatcher) {

    /**
     * @param baseUrl     the Graph API, or the simulator in tests and the local stack
     * @param accessToken the system-user token; never logged
     */
    public record Graph(String baseUrl, String apiVersion, String accessToken, Duration connectTimeout,
            Duration readTimeout) {

        @Override
        public String toString() {
            return "Graph[baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", accessToken=***]";
        }
    }

    /**
     * @param pollInterval the safety-net poll; a committed intent wakes the dispatcher at once
     * @param batchSize    rows claimed per round
     */
    public record Dispatcher(Duration pollInterval, int batchSize) {
    }
}
