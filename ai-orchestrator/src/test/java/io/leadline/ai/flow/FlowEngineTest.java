package io.leadline.ai.flow;

import static io.leadline.ai.flow.Conversations.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.ai.AiProperties;
import io.leadline.ai.AiProperties.Question;
import io.leadline.ai.AiProperties.Script;
import io.leadline.ai.model.Advice;
import io.leadline.ai.model.FallbackReason;
import io.leadline.ai.model.Proposal;
import io.leadline.ai.model.ReplyType;
import io.leadline.contracts.conversation.MessageAccepted;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FlowEngineTest {

    private static final long CONVERSATION = 42;

    static AiProperties properties(int maxQuestions, List<String> keys) {
        List<Question> questions = keys.stream()
                .map(key -> new Question(key, null, Map.of("en", "What " + key + "?", "id", "Apa " + key + "?")))
                .toList();
        Script script = new Script("en", questions, Map.of("en", "Our team will call you.", "id", "Tim kami."));
        return new AiProperties(maxQuestions, List.of("STOP", "BERHENTI", "opt out"), script,
                Map.of("business-id", new Script("id", null, null)), new AiProperties.Model("rules", null));
    }

    private final FlowEngine engine = new FlowEngine(
            properties(5, List.of("service", "location", "timing", "budget", "name")));

    /** Runs one message through the engine the way the decider does. */
    private Decision decide(FlowEngine flow, FlowState state, MessageAccepted message, Advice advice) {
        return flow.decide(message, state, advice);
    }

    private Decision decide(FlowState state, String text, Map<String, String> lead) {
        return decide(engine, state, inbound(CONVERSATION, Conversations.newId(), text, lead, null), null);
    }

    @Test
    void theFirstMessageIsAskedTheFirstScriptQuestion() {
        Decision decision = decide(FlowState.initial("b", CONVERSATION), "Hi", Map.of());

        assertThat(decision.replyType()).isEqualTo(ReplyType.QUESTION);
        assertThat(decision.questionKey()).isEqualTo("service");
        assertThat(decision.text()).isEqualTo("What service?");
        assertThat(decision.next().askedCount()).isEqualTo(1);
    }

    @Test
    void aQuestionWhoseFieldTheLeadAlreadyHasIsSkipped() {
        Decision decision = decide(FlowState.initial("b", CONVERSATION), "Hi",
                Map.of("service", "website", "location", "Bali"));

        assertThat(decision.questionKey()).isEqualTo("timing");
    }

    @Test
    void theMessageAfterAQuestionAnswersItAndTheNextQuestionFollows() {
        FlowState afterFirst = decide(FlowState.initial("b", CONVERSATION), "Hi", Map.of()).next();

        Decision second = decide(afterFirst, "A web shop", Map.of());

        assertThat(second.extractedFields()).containsExactly(Map.entry("service", "A web shop"));
        assertThat(second.questionKey()).isEqualTo("location");
        assertThat(second.next().askedKeys()).containsExactly("service", "location");
        assertThat(second.next().answers()).containsEntry("service", "A web shop");
    }

    @Test
    void askingTheSameQuestionAgainDoesNotMoveTheAskedCount() {
        FlowState asked = FlowState.initial("b", CONVERSATION).asking("service");

        assertThat(asked.asking("service")).isEqualTo(asked);
        assertThat(asked.asking("location").askedCount()).isEqualTo(2);
        assertThatThrownBy(() -> asked.asking("location").asking("service"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aModelMayAskThePendingQuestionAgainWithoutMovingTheCount() {
        FlowState afterFirst = decide(FlowState.initial("b", CONVERSATION), "Hi", Map.of()).next();
        Advice again = Advice.of("openai", new Proposal(ReplyType.QUESTION, "service", "Which service exactly?",
                Map.of()));

        Decision decision = decide(engine, afterFirst, inbound(CONVERSATION, "hmm"), again);

        assertThat(decision.model()).isEqualTo("openai");
        assertThat(decision.questionKey()).isEqualTo("service");
        assertThat(decision.next().askedCount()).isEqualTo(1);
        assertThat(decision.next().answers()).doesNotContainKey("service");
    }

    @Test
    void aModelAskingAnAnsweredQuestionIsReplacedByTheRulesAndTheReasonRecorded() {
        FlowState afterTwo = decide(decide(FlowState.initial("b", CONVERSATION), "Hi", Map.of()).next(),
                "Website", Map.of()).next();
        Advice repeated = Advice.of("openai", new Proposal(ReplyType.QUESTION, "service", "Which service?", Map.of()));

        Decision decision = decide(engine, afterTwo, inbound(CONVERSATION, "Jakarta"), repeated);

        assertThat(decision.fallbackReason()).isEqualTo(FallbackReason.REPEATED_QUESTION);
        assertThat(decision.model()).isEqualTo("rules");
        assertThat(decision.questionKey()).isEqualTo("timing");
    }

    @Test
    void aFailedModelCallFallsBackToTheRulesWithItsReason() {
        Decision decision = decide(engine, FlowState.initial("b", CONVERSATION), inbound(CONVERSATION, "Hi"),
                Advice.failed("openai", FallbackReason.TIMEOUT));

        assertThat(decision.questionKey()).isEqualTo("service");
        assertThat(decision.fallbackReason()).isEqualTo(FallbackReason.TIMEOUT);
    }

    @Test
    void afterFiveQuestionsTheConversationIsHandedOverEvenIfTheScriptIsLonger() {
        FlowEngine longScript = new FlowEngine(properties(5,
                List.of("service", "location", "timing", "budget", "name", "email", "company")));
        FlowState state = FlowState.initial("b", CONVERSATION);
        for (int i = 0; i < 5; i++) {
            state = decide(longScript, state, inbound(CONVERSATION, "answer " + i), null).next();
        }

        Decision sixth = decide(longScript, state, inbound(CONVERSATION, "answer 5"), null);

        assertThat(state.askedCount()).isEqualTo(5);
        assertThat(sixth.replyType()).isEqualTo(ReplyType.HANDOVER);
        assertThat(sixth.reason()).isEqualTo(FlowEngine.QUESTION_LIMIT);
        assertThat(sixth.text()).isEqualTo("Our team will call you.");
        assertThat(sixth.next().handedOver()).isTrue();
        assertThat(sixth.next().answers()).containsEntry("name", "answer 5");
    }

    @Test
    void aCompleteScriptIsHandedOverAndThenStaysSilent() {
        FlowState state = FlowState.initial("b", CONVERSATION);
        List<Decision> decisions = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Decision decision = decide(state, "answer " + i, Map.of());
            decisions.add(decision);
            state = decision.next();
        }

        assertThat(decisions).extracting(Decision::replyType).containsExactly(ReplyType.QUESTION, ReplyType.QUESTION,
                ReplyType.QUESTION, ReplyType.QUESTION, ReplyType.QUESTION, ReplyType.HANDOVER, ReplyType.NONE);
        assertThat(decisions.get(5).reason()).isIn(FlowEngine.SCRIPT_COMPLETE, FlowEngine.QUESTION_LIMIT);
        assertThat(decisions.get(6).reason()).isEqualTo(FlowEngine.HANDED_OVER);
        assertThat(IntStream.range(0, 5).mapToObj(i -> decisions.get(i).questionKey()))
                .containsExactly("service", "location", "timing", "budget", "name");
    }

    @Test
    void nothingIsSaidWhileAPersonIsAssigned() {
        Decision decision = decide(engine, FlowState.initial("b", CONVERSATION),
                inbound(CONVERSATION, Conversations.newId(), "Hi", Map.of(), "agent"), null);

        assertThat(decision.replyType()).isEqualTo(ReplyType.NONE);
        assertThat(decision.reason()).isEqualTo(FlowEngine.ASSIGNED);
    }

    @Test
    void anOptOutWordInAnyCaseAndPunctuationSilencesTheConversationForGood() {
        for (String stop : List.of("STOP", "stop!", "  Berhenti. ", "Opt   out")) {
            Decision decision = decide(FlowState.initial("b", CONVERSATION), stop, Map.of());
            assertThat(decision.reason()).as(stop).isEqualTo(FlowEngine.OPTED_OUT);
            assertThat(decision.next().optedOut()).isTrue();
        }
        assertThat(decide(FlowState.initial("b", CONVERSATION), "don't stop, tell me more", Map.of()).replyType())
                .isEqualTo(ReplyType.QUESTION);
    }

    @Test
    void eachBusinessAsksInItsScriptsLanguageAndALeadsLanguageWins() {
        MessageAccepted indonesian = new MessageAccepted("business-id", CONVERSATION, 1, 2, null, null, null, "text",
                "Halo", null, null, null, null, Map.of());
        MessageAccepted english = new MessageAccepted("business-id", CONVERSATION, 1, 2, null, null, null, "text",
                "Hello", null, null, null, null, Map.of("language", "en"));

        assertThat(decide(engine, FlowState.initial("business-id", CONVERSATION), indonesian, null).text())
                .isEqualTo("Apa service?");
        assertThat(decide(engine, FlowState.initial("business-id", CONVERSATION), english, null).text())
                .isEqualTo("What service?");
    }
}
