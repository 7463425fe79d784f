package io.leadline.outbound.send;

import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.outbox.Outbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Raises the work a person must do about a send, in the transaction of the state change that causes it. */
@Component
class OpsTasks {

    static final String SEND_FAILED = "SEND_FAILED";
    static final String SEND_UNKNOWN = "SEND_UNKNOWN";
    static final String WINDOW_CLOSED = "WINDOW_CLOSED";

    private final Outbox outbox;

    OpsTasks(Outbox outbox) {
        this.outbox = outbox;
    }

    void raise(String type, String businessId, long conversationId, long outboundId, String reason,
            Integer errorCode) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("outboundId", Long.toString(outboundId));
        if (errorCode != null) {
            evidence.put("errorCode", Integer.toString(errorCode));
        }
        outbox.publish(new OpsTaskRaised(businessId, type, "outbound:" + outboundId, conversationId, null, reason,
                evidence, Instant.now()));
    }
}
