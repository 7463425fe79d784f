package io.leadline.ai.flow;

import io.leadline.ai.model.FallbackReason;
import io.leadline.ai.model.ReplyType;
import java.util.Map;

/**
 * What the flow decided for one inbound message, and the state it leaves behind.
 *
 * @param reason         why nothing is sent (NONE), or why the conversation is handed over (HANDOVER)
 * @param model          the model whose proposal was used
 * @param fallbackReason why the configured model's proposal was not used, or null
 */
record Decision(
        ReplyType replyType,
        String questionKey,
        String text,
        String reason,
        String model,
        FallbackReason fallbackReason,
        Map<String, String> extractedFields,
        FlowState next) {

    static Decision silent(String reason, FlowState next) {
        return new Decision(ReplyType.NONE, null, null, reason, "rules", null, Map.of(), next);
    }
}
