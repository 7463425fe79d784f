package io.leadline.contracts.ops;

import io.leadline.contracts.LeadlineEvent;
import java.time.Instant;
import java.util.Map;

/**
 * Something a person must look at. Tasks are deduplicated by (business, type, subject).
 *
 * @param type     e.g. {@code INVALID_PHONE}, {@code HANDOVER}, {@code SEND_UNKNOWN}
 * @param subject  what the task is about, e.g. {@code conversation:42}
 * @param evidence ids and error codes that explain it
 */
public record OpsTaskRaised(
        String businessId,
        String type,
        String subject,
        Long conversationId,
        Long contactId,
        String reason,
        Map<String, String> evidence,
        Instant raisedAt) implements LeadlineEvent {

    @Override
    public String partitionKey() {
        return businessId;
    }
}
