package io.leadline.ingest;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code leadline.ingest.*}: how long a webhook may wait for the broker, how much it may send, and the secrets
 * that authenticate each webhook source. Defaults live in {@code ingest-service.yml}.
 *
 * @param ackTimeout  the longest a webhook waits for the broker's acknowledgement before it is answered 503
 * @param maxBodySize a larger body is answered 413 without being read to the end
 * @param maxInFlight webhooks being published at once; more are answered 503 at once instead of queueing
 * @param replayTimeout the longest a replay may read and republish before it stops with an error, so a replay
 *                    never hangs on a broker that is gone
 */
@ConfigurationProperties("leadline.ingest")
public record IngestProperties(Duration ackTimeout, DataSize maxBodySize, int maxInFlight, Meta meta, Kapso kapso,
        Gateway gateway, Duration replayTimeout) {

    public IngestProperties {
        ackTimeout = ackTimeout == null ? Duration.ofSeconds(2) : ackTimeout;
        replayTimeout = replayTimeout == null ? Duration.ofMinutes(5) : replayTimeout;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxInFlight = maxInFlight <= 0 ? 1024 : maxInFlight;
        kapso = kapso == null ? new Kapso(null) : kapso;
        gateway = gateway == null ? new Gateway(null, Map.of()) : gateway;
    }

    /**
     * @param appSecret        the Meta app secret that signs {@code X-Hub-Signature-256}
     * @param verifyToken      the token Meta's GET handshake must present
     * @param verifySignatures false only for development; logged as a warning at start-up
     */
    public record Meta(String appSecret, String verifyToken, boolean verifySignatures) {

        @Override
        public String toString() {
            return "Meta[appSecret=***, verifyToken=***, verifySignatures=" + verifySignatures + "]";
        }
    }

    /** @param webhookSecret the secret key of the Kapso webhook; unset, every Kapso delivery is refused */
    public record Kapso(String webhookSecret) {

        @Override
        public String toString() {
            return "Kapso[webhookSecret=***]";
        }
    }

    /**
     * @param secret    Evolution API's {@code apikey}, WAHA's HMAC key and the HMAC key of raw Baileys posts;
     *                  unset, every gateway delivery is refused
     * @param instances gateway instance or session name → business id (an instance named like a business id
     *                  routes to it without an entry)
     */
    public record Gateway(String secret, Map<String, String> instances) {

        public Gateway {
            instances = instances == null ? Map.of() : Map.copyOf(instances);
        }

        @Override
        public String toString() {
            return "Gateway[secret=***, instances=" + instances + "]";
        }
    }
}
