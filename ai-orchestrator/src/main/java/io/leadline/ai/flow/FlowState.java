package io.leadline.ai.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one conversation stands in its qualification script.
 *
 * @param askedKeys  the distinct question keys asked so far, in order
 * @param askedCount moves only when a different question is asked (always the size of {@code askedKeys})
 * @param answers    what the customer answered, by question key
 * @param version    the optimistic lock: 0 until the state is first stored
 */
record FlowState(
        String businessId,
        long conversationId,
        List<String> askedKeys,
        String lastQuestionKey,
        int askedCount,
        Map<String, String> answers,
        boolean handedOver,
        boolean optedOut,
        String assignee,
        long version) {

    FlowState {
        askedKeys = List.copyOf(askedKeys);
        answers = Map.copyOf(answers);
    }

    static FlowState initial(String businessId, long conversationId) {
        return new FlowState(businessId, conversationId, List.of(), null, 0, Map.of(), false, false, null, 0);
    }

    /** Asking the question asked last again changes nothing; a new question moves the count. */
    FlowState asking(String key) {
        if (key.equals(lastQuestionKey)) {
            return this;
        }
        if (askedKeys.contains(key)) {
            throw new IllegalStateException("question " + key + " was already asked in conversation " + conversationId);
        }
        List<String> asked = new ArrayList<>(askedKeys);
        asked.add(key);
        return new FlowState(businessId, conversationId, asked, key, askedCount + 1, answers, handedOver, optedOut,
                assignee, version);
    }

    FlowState answered(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(answers);
        fields.forEach(merged::putIfAbsent);
        return new FlowState(businessId, conversationId, askedKeys, lastQuestionKey, askedCount, merged, handedOver,
                optedOut, assignee, version);
    }

    FlowState handingOver() {
        return new FlowState(businessId, conversationId, askedKeys, lastQuestionKey, askedCount, answers, true,
                optedOut, assignee, version);
    }

    FlowState optingOut() {
        return new FlowState(businessId, conversationId, askedKeys, lastQuestionKey, askedCount, answers, handedOver,
                true, assignee, version);
    }
}
