package io.leadline.ingest.webhook;

/** A signed body that is JSON but not a webhook we can read: archived and dead-lettered, never bounced. */
public class UnparseableWebhook extends RuntimeException {

    public UnparseableWebhook(String reason) {
        super(reason);
    }
}
