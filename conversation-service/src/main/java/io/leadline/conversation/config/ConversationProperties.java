package io.leadline.conversation.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The conversation service's settings ({@code leadline.conversation.*}); defaults in {@code conversation-service.yml}.
 *
 * @param inbox      page sizes of the inbox API
 * @param businesses per business: the service types and cities lead auto-fill recognises, and its time zone
 * @param retrySimulation where {@code simulate-retry} re-delivers a webhook and asks about sends
 * @param parkedStatuses how long a status waits for a message that never arrives
 */
@ConfigurationProperties("leadline.conversation")
public record ConversationProperties(Inbox inbox, Map<String, Business> businesses, RetrySimulation retrySimulation,
        ParkedStatuses parkedStatuses) {

    public ConversationProperties {
        inbox = inbox == null ? new Inbox(50, 200) : inbox;
        businesses = businesses == null ? Map.of() : Map.copyOf(businesses);
        retrySimulation = retrySimulation == null
                ? new RetrySimulation(null, null, null, null, null)
                : retrySimulation;
        parkedStatuses = parkedStatuses == null ? new ParkedStatuses(null, null) : parkedStatuses;
    }

    /**
     * @param ingestUrl     the ingest the archived webhook is posted to again, as its sender would
     * @param outboundUrl   the outbound service asked for the conversation's sends before and after
     * @param timeout       the most the simulation waits for its evidence (and reads the archive) before it answers
     *                      without it
     * @param relayGrace    after a service consumed the retry, how long what it caused gets to reach the next topic
     * @param archiveWindow how far around the message's arrival the raw archive is searched
     */
    public record RetrySimulation(String ingestUrl, String outboundUrl, Duration timeout, Duration relayGrace,
            Duration archiveWindow) {

        public RetrySimulation {
            ingestUrl = ingestUrl == null ? "http://127.0.0.1:8081" : ingestUrl;
            outboundUrl = outboundUrl == null ? "http://127.0.0.1:8085" : outboundUrl;
            timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
            relayGrace = relayGrace == null ? Duration.ofSeconds(1) : relayGrace;
            archiveWindow = archiveWindow == null ? Duration.ofMinutes(2) : archiveWindow;
        }
    }

    /**
     * @param retention     a status parked longer than this (its message never came: sent elsewhere, or lost
     *                      upstream) is deleted
     * @param purgeInterval how often the purge runs
     */
    public record ParkedStatuses(Duration retention, Duration purgeInterval) {

        public ParkedStatuses {
            retention = retention == null ? Duration.ofDays(7) : retention;
            purgeInterval = purgeInterval == null ? Duration.ofMinutes(5) : purgeInterval;
        }
    }

    public Business business(String businessId) {
        return businesses.getOrDefault(businessId, Business.NONE);
    }

    public record Inbox(int defaultPageSize, int maxPageSize) {
    }

    /**
     * @param serviceTypes what the business offers, each with the words customers use for it
     * @param cities       the cities the business serves, each with its other spellings
     * @param timeZone     where "tomorrow" is reckoned
     * @param unknownName  the inbox's name for a person it knows no name or phone of, in the business's language
     */
    public record Business(List<Term> serviceTypes, List<Term> cities, ZoneId timeZone, String unknownName) {

        static final String UNKNOWN = "Unknown";
        static final Business NONE = new Business(List.of(), List.of(), ZoneId.of("UTC"), UNKNOWN);

        public Business {
            serviceTypes = serviceTypes == null ? List.of() : List.copyOf(serviceTypes);
            cities = cities == null ? List.of() : List.copyOf(cities);
            timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
            unknownName = unknownName == null || unknownName.isBlank() ? UNKNOWN : unknownName;
        }
    }

    /**
     * @param value    what is written to the lead
     * @param synonyms phrases that mean it (the value itself always counts)
     */
    public record Term(String value, List<String> synonyms) {

        public Term {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        }
    }
}
