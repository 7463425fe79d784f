package io.leadline.contracts;

import java.util.List;

/**
 * Every Kafka topic Leadline uses, with the key each one is partitioned by.
 *
 * <p>Versioning rule: a topic's events only ever gain optional fields, and a topic may gain new event
 * types that old consumers skip. Anything else (a renamed or removed field, a changed meaning, a
 * different key) is a new topic with the next version suffix, written beside the old one until every
 * consumer has moved.
 */
public final class Topics {

    /** Every webhook body as received, before parsing. Key: {@code businessId} (or the source when unrouted). */
    public static final String WEBHOOKS_RAW = "leadline.webhooks.raw.v1";

    /** One event per inbound provider message. Key: {@code businessId:senderRef}. */
    public static final String INBOUND = "leadline.inbound.v1";

    /** Delivery statuses reported by the provider. Key: {@code businessId:recipientRef}. */
    public static final String STATUS = "leadline.status.v1";

    /** Inbound messages resolved to a contact, and contact merges. Key: the canonical conversation key. */
    public static final String IDENTITY = "leadline.identity.v1";

    /** Messages accepted into a conversation, and assignment changes. Key: {@code conversationId}. */
    public static final String CONVERSATION = "leadline.conversation.v1";

    /** Replies the AI decided to send. Key: {@code conversationId}. */
    public static final String REPLY_INTENTS = "leadline.reply-intents.v1";

    /** Outcomes of WhatsApp sends: sent, failed, unknown. Key: {@code conversationId}. */
    public static final String OUTBOUND = "leadline.outbound.v1";

    /** Webhook bodies for a number no business is configured for, parked until one is. Key: the provider's number id. */
    public static final String UNROUTED = "leadline.unrouted.v1";

    /** Work for a person: invalid phone, hand-over, failed or unknown send. Key: {@code businessId}. */
    public static final String OPS_TASKS = "leadline.ops-tasks.v1";

    /** The suffix of a topic's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public static final List<String> ALL =
            List.of(WEBHOOKS_RAW, INBOUND, STATUS, IDENTITY, CONVERSATION, REPLY_INTENTS, OUTBOUND, OPS_TASKS, UNROUTED);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
