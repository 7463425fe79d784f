package io.leadline.ai.flow;

import io.leadline.ai.AiProperties;
import io.leadline.ai.AiProperties.Question;
import io.leadline.ai.AiProperties.Script;
import io.leadline.ai.model.Advice;
import io.leadline.ai.model.FallbackReason;
import io.leadline.ai.model.FlowContext;
import io.leadline.ai.model.Proposal;
import io.leadline.ai.model.ReplyType;
import io.leadline.ai.model.RuleBasedReplyModel;
import io.leadline.contracts.conversation.MessageAccepted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The qualification flow as a pure function of the inbound message and the stored state. {@link #plan} settles
 * everything a model has no say in (silence, hand-over); what is left is a question, where a model's advice is
 * checked again against the state of this moment and the rules answer whenever it does not hold.
 */
@Component
class FlowEngine {

    static final String ASSIGNED = "ASSIGNED";
    static final String OPTED_OUT = "OPTED_OUT";
    static final String HANDED_OVER = "HANDED_OVER";
    static final String QUESTION_LIMIT = "QUESTION_LIMIT";
    static final String SCRIPT_COMPLETE = "SCRIPT_COMPLETE";
    static final String CUSTOMER_ASKED = "CUSTOMER_ASKED";
    private static final String LANGUAGE_FIELD = "language";

    private final AiProperties properties;
    private final OptOutWords optOutWords;
    private final RuleBasedReplyModel rules;

    FlowEngine(AiProperties properties) {
        this.properties = properties;
        this.optOutWords = new OptOutWords(properties.optOutWords());
        this.rules = new RuleBasedReplyModel(properties.defaultScript().language());
    }

    sealed interface Plan permits Settled, Ask {
    }

    record Settled(Decision decision) implements Plan {
    }

    record Ask(FlowContext context, FlowState state) implements Plan {
    }

    Plan plan(MessageAccepted message, FlowState state) {
        if (state.optedOut() || optOutWords.matches(message.text())) {
            return new Settled(Decision.silent(OPTED_OUT, state.optedOut() ? state : state.optingOut()));
        }
        if (state.handedOver()) {
            return new Settled(Decision.silent(HANDED_OVER, state));
        }
        if (message.assignee() != null || state.assignee() != null) {
            return new Settled(Decision.silent(ASSIGNED, state));
        }
        Script script = properties.scriptOf(message.businessId());
        FlowContext context = context(message, state, script);
        if (state.askedCount() >= properties.maxQuestions()) {
            return new Settled(handOver(context, state, RuleBasedReplyModel.answer(context), QUESTION_LIMIT, null,
                    rules.name(), null));
        }
        if (context.open().isEmpty()) {
            return new Settled(handOver(context, state, RuleBasedReplyModel.answer(context), SCRIPT_COMPLETE, null,
                    rules.name(), null));
        }
        return new Ask(context, state);
    }

    /** The whole decision for a message: {@link #plan}, then {@link #settle} when a question step is left. */
    Decision decide(MessageAccepted message, FlowState state, Advice advice) {
        Plan plan = plan(message, state);
        return plan instanceof Settled settled ? settled.decision() : settle((Ask) plan, advice);
    }

    /** The decision for a question step; {@code advice} is the configured model's, or null to use the rules. */
    Decision settle(Ask ask, Advice advice) {
        FlowContext context = ask.context();
        FallbackReason fallback = advice == null ? null : advice.failure();
        Proposal proposal = advice == null ? null : advice.proposal();
        if (proposal != null && proposal.replyType() == ReplyType.QUESTION
                && (!context.mayAsk(proposal.questionKey())
                        || proposal.extractedFields().containsKey(proposal.questionKey()))) {
            // The state moved on between the model's call and this transaction.
            proposal = null;
            fallback = FallbackReason.REPEATED_QUESTION;
        }
        String model = proposal == null ? rules.name() : advice.model();
        if (proposal == null) {
            proposal = rules.propose(context).proposal();
        }
        Map<String, String> extracted = new LinkedHashMap<>(proposal.extractedFields());
        extracted.keySet().removeAll(context.known().keySet());
        if (!context.isPending(proposal.questionKey())) {
            RuleBasedReplyModel.answer(context).forEach(extracted::putIfAbsent);
        }
        if (proposal.replyType() == ReplyType.HANDOVER) {
            return handOver(context, ask.state(), extracted, CUSTOMER_ASKED, proposal.text(), model, fallback);
        }
        FlowState next = ask.state().answered(extracted).asking(proposal.questionKey());
        return new Decision(ReplyType.QUESTION, proposal.questionKey(), proposal.text(), null, model, fallback,
                Map.copyOf(extracted), next);
    }

    private Decision handOver(FlowContext context, FlowState state, Map<String, String> answers, String reason,
            String text, String model, FallbackReason fallback) {
        Script script = properties.scriptOf(context.businessId());
        String closing = text != null ? text : script.closing().getOrDefault(context.language(),
                properties.defaultScript().closing().get(properties.defaultScript().language()));
        return new Decision(ReplyType.HANDOVER, null, closing, reason, model, fallback, Map.copyOf(answers),
                state.answered(answers).handingOver());
    }

    private FlowContext context(MessageAccepted message, FlowState state, Script script) {
        Map<String, String> lead = message.leadFields() == null ? Map.of() : message.leadFields();
        Map<String, String> known = new LinkedHashMap<>();
        for (Question question : script.questions()) {
            String value = lead.get(question.field());
            if (value == null || value.isBlank()) {
                value = state.answers().get(question.key());
            }
            if (value != null && !value.isBlank()) {
                known.put(question.key(), value);
            }
        }
        List<Question> open = script.questions().stream()
                .filter(question -> !known.containsKey(question.key()) && !state.askedKeys().contains(question.key()))
                .toList();
        String pending = state.lastQuestionKey() != null && !known.containsKey(state.lastQuestionKey())
                ? state.lastQuestionKey() : null;
        String language = lead.getOrDefault(LANGUAGE_FIELD, script.language());
        return new FlowContext(message.businessId(), message.conversationId(), language, message.text(), pending,
                open, Map.copyOf(known), state.askedKeys(),
                script.questions().stream().map(Question::key).toList());
    }
}
