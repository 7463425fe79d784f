package io.leadline.ai.model;

import java.util.Map;

/**
 * A reply model's answer, the exact shape the chat-completions client must validate:
 * {@code {replyType, questionKey, text, extractedFields}}.
 *
 * @param questionKey     the script question asked; null for a hand-over
 * @param extractedFields lead fields the model read from the inbound message, by question key
 */
public record Proposal(ReplyType replyType, String questionKey, String text, Map<String, String> extractedFields) {

    public Proposal {
        extractedFields = extractedFields == null ? Map.of() : Map.copyOf(extractedFields);
    }
}
