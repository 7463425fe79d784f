package io.leadline.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code leadline.ingest.*}: the secrets that authenticate each webhook source. */
@ConfigurationProperties("leadline.ingest")
public record IngestProperties(Meta meta) {

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
}
