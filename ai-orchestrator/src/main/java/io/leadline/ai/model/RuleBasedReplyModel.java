package io.leadline.ai.model;

import java.util.Map;

/**
 * The default model: deterministic and offline. The inbound message is taken as the answer to the pending
 * question, and the first open question of the script is asked next.
 */
public final class RuleBasedReplyModel implements ReplyModel {

    public static final String NAME = "rules";
    private static final int MAX_ANSWER_LENGTH = 500;

    private final String fallbackLanguage;

    public RuleBasedReplyModel(String fallbackLanguage) {
        this.fallbackLanguage = fallbackLanguage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Advice propose(FlowContext context) {
        var next = context.open().getFirst();
        return Advice.of(NAME, new Proposal(ReplyType.QUESTION, next.key(), context.textOf(next, fallbackLanguage),
                answer(context)));
    }

    /** The inbound text as the answer to the pending question, if there is one. */
    public static Map<String, String> answer(FlowContext context) {
        String text = context.inboundText() == null ? "" : context.inboundText().strip();
        if (context.pendingKey() == null || text.isEmpty()) {
            return Map.of();
        }
        return Map.of(context.pendingKey(), text.length() <= MAX_ANSWER_LENGTH ? text
                : text.substring(0, MAX_ANSWER_LENGTH));
    }
}
