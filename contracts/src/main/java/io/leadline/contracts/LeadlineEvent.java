package io.leadline.contracts;

/**
 * An event on a Leadline topic: an immutable, past-tense record of ids and values.
 *
 * <p>Its CloudEvents {@code ce_type} is given by {@link EventTypes}; the {@code ce_id} travels in the
 * record's headers, not in the payload.
 */
public interface LeadlineEvent {

    /** The Kafka record key: what must stay in order shares it. */
    String partitionKey();
}
