package io.leadline.ai.model;

import io.leadline.ai.AiProperties.Question;
import java.util.List;
import java.util.Map;

/**
 * What a reply model may know when it proposes the next question.
 *
 * @param pendingKey the question asked last and not answered yet: the inbound message probably answers it
 * @param open       the script questions neither known nor asked, in script order
 * @param known      lead fields and earlier answers, by question key
 * @param allKeys    every question key of the script
 */
public record FlowContext(
        String businessId,
        long conversationId,
        String language,
        String inboundText,
        String pendingKey,
        List<Question> open,
        Map<String, String> known,
        List<String> askedKeys,
        List<String> allKeys) {

    /** The keys a model may ask now: an open question, or the pending one again when its answer was unclear. */
    public boolean mayAsk(String key) {
        return key.equals(pendingKey) || open.stream().anyMatch(question -> question.key().equals(key));
    }

    /** True when {@code key} is the pending question: asking it again is not an answer to it. */
    public boolean isPending(String key) {
        return pendingKey != null && pendingKey.equals(key);
    }

    public String textOf(Question question, String fallbackLanguage) {
        String text = question.texts().get(language);
        return text != null ? text : question.texts().getOrDefault(fallbackLanguage,
                question.texts().values().stream().findFirst().orElse(question.key()));
    }
}
