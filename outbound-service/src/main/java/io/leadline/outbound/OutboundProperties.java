package io.leadline.outbound;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code leadline.outbound.*}: the WhatsApp Cloud API, the WhatsApp-Web gateways, the dispatcher, the pace and the
 * retries.
 */
@ConfigurationProperties("leadline.outbound")
public record OutboundProperties(Graph graph, Gateway gateway, Dispatcher dispatcher, Pacing pacing, Retry retry,
        Idempotency idempotency) {

    public OutboundProperties {
        Duration longestCall = graph.readTimeout().plus(graph.connectTimeout());
        if (gateway.configured()) {
            longestCall = max(longestCall, gateway.readTimeout().plus(gateway.connectTimeout()));
        }
        if (dispatcher.lease().compareTo(longestCall.plus(dispatcher.writeDeadline())) <= 0) {
            throw new IllegalArgumentException("leadline.outbound.dispatcher.lease must exceed the write deadline and"
                    + " the connect and read timeouts, or the sweeper would declare a live send unknown");
        }
        if (idempotency.retention().compareTo(Duration.ofDays(1)) < 0) {
            // An agent message's dedupe key holds the UTC day of its key's first use: a key reused within the same
            // day would hash to the taken dedupe key and never be sent.
            throw new IllegalArgumentException("leadline.outbound.idempotency.retention must be at least 24h");
        }
    }

    /**
     * @param baseUrl               the Graph API, or the simulator in tests and the local stack
     * @param accessToken           the system-user token; never logged
     * @param maxConcurrentRequests calls in flight per process: more only queue in sockets and time out
     */
    public record Graph(String baseUrl, String apiVersion, String accessToken, Duration connectTimeout,
            Duration readTimeout, int maxConcurrentRequests) {

        @Override
        public String toString() {
            return "Graph[baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", accessToken=***]";
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The WhatsApp-Web gateways (Evolution API) a reply goes back through when the customer wrote through one: one
     * server for every instance ({@code baseUrl}, {@code apiKey}: Evolution's global key), and per-instance entries
     * where an instance lives elsewhere or has its own key. No base URL for an instance: its replies fail.
     *
     * @param apiKey    sent as the {@code apikey} header; never logged
     * @param instances instance (or session) name to its own server; its blank fields fall back to the defaults
     */
    public record Gateway(String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
            Map<String, Instance> instances) {

        public Gateway {
            instances = instances == null ? Map.of() : Map.copyOf(instances);
        }

        /** Whether any instance can be sent through. */
        public boolean configured() {
            return present(baseUrl) || instances.values().stream().anyMatch(instance -> present(instance.baseUrl()));
        }

        /** The server to send through for this instance, if one is configured. */
        public Optional<Instance> instance(String name) {
            if (name == null || name.isBlank()) {
                return Optional.empty();
            }
            Instance own = instances.getOrDefault(name, new Instance(null, null));
            String url = present(own.baseUrl()) ? own.baseUrl() : baseUrl;
            return present(url) ? Optional.of(new Instance(url, present(own.apiKey()) ? own.apiKey() : apiKey))
                    : Optional.empty();
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }

        @Override
        public String toString() {
            return "Gateway[baseUrl=" + baseUrl + ", apiKey=***, instances=" + instances.keySet() + "]";
        }

        /** One gateway server; the key is never logged. */
        public record Instance(String baseUrl, String apiKey) {

            @Override
            public String toString() {
                return "Instance[baseUrl=" + baseUrl + ", apiKey=***]";
            }
        }
    }

    /**
     * @param enabled       false stops this instance from sending (it still accepts intents)
     * @param pollInterval  the safety-net poll; a committed intent wakes the dispatcher at once
     * @param batchSize     rows claimed per round
     * @param workers       dispatcher threads; each claims its own rows ({@code FOR UPDATE SKIP LOCKED})
     * @param lease         a SENDING row older than this belongs to a dead process: the sweeper makes it UNKNOWN
     * @param sweepInterval how often the sweeper looks
     * @param shutdownGrace how long a stopping dispatcher waits for sends in flight before abandoning them
     * @param writeDeadline a claimed send whose request has not started this long after its claim is put back to
     *                      PENDING unattempted; the send clock adds it to the conversation gap, so the gap holds
     *                      between the requests themselves and not only between their claims
     * @param outcomeLinger how long after a call comes back its outcome waits for others, to be recorded with them in
     *                      one transaction; no outcome waits longer than this for a slow call
     * @param claimLinger   while more rows are due than places are free, how long a worker that has one place waits
     *                      for more to free up, so one claim marks many rows SENDING in one transaction instead of
     *                      one row per commit; a send to an idle dispatcher never waits for it
     */
    public record Dispatcher(boolean enabled, Duration pollInterval, int batchSize, int workers, Duration lease,
            Duration sweepInterval, Duration shutdownGrace, Duration writeDeadline, Duration outcomeLinger,
            Duration claimLinger) {

        public Dispatcher {
            if (writeDeadline == null || writeDeadline.isNegative() || writeDeadline.isZero()) {
                throw new IllegalArgumentException("leadline.outbound.dispatcher.write-deadline must be positive");
            }
            if (outcomeLinger == null || outcomeLinger.isNegative()) {
                throw new IllegalArgumentException("leadline.outbound.dispatcher.outcome-linger must not be negative");
            }
            if (claimLinger == null || claimLinger.isNegative()) {
                throw new IllegalArgumentException("leadline.outbound.dispatcher.claim-linger must not be negative");
            }
        }
    }

    /**
     * @param conversationGap   no two sends to one conversation closer than this (later ones wait)
     * @param messagesPerSecond the token bucket of each business phone number (Meta's tiers: 80 up to 1,000)
     * @param gatewayMessagesPerSecond the token bucket of each WhatsApp-Web gateway instance: a personal WhatsApp
     *                          account behind it, which WhatsApp bans for sending like a bulk sender
     * @param window            free text only this long after the customer's last message
     */
    public record Pacing(Duration conversationGap, int messagesPerSecond, int gatewayMessagesPerSecond,
            Duration window) {

        public Pacing {
            if (messagesPerSecond < 1 || messagesPerSecond > 1_000) {
                throw new IllegalArgumentException("leadline.outbound.pacing.messages-per-second must be 1..1000");
            }
            if (gatewayMessagesPerSecond < 1 || gatewayMessagesPerSecond > 1_000) {
                throw new IllegalArgumentException(
                        "leadline.outbound.pacing.gateway-messages-per-second must be 1..1000");
            }
        }
    }

    /**
     * @param maxAttempts          attempts of a retryable failure before the row is FAILED
     * @param backoff              the first back-off; doubled per attempt, with jitter
     * @param pairRateLimitBackoff the first back-off after 131056 (too many messages to one user)
     */
    public record Retry(int maxAttempts, Duration backoff, Duration pairRateLimitBackoff) {
    }

    /**
     * @param retention       how long an Idempotency-Key is remembered
     * @param inProgressLease a request still running after this is presumed dead and its key may be taken over
     */
    public record Idempotency(Duration retention, Duration inProgressLease) {
    }
}
