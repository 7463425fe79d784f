package io.leadline.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ai.AiProperties.OpenAi;
import io.leadline.ai.AiProperties.Question;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat-completions client against a real local HTTP server. */
@ExtendWith(OutputCaptureExtension.class)
class OpenAiReplyModelTest {

    private static final String KEY = "sk-test-SECRET-0123456789";
    private static final List<String> KEYS = List.of("service", "location", "timing");

    private final ChatCompletionsStub api = new ChatCompletionsStub();
    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OpenAiReplyModel model = new OpenAiReplyModel(
            new OpenAi(api.baseUrl(), "test-model", KEY, Duration.ofSeconds(5), 2), json, meters);

    @AfterEach
    void stop() {
        api.close();
    }

    /** "service" was asked and answered, "location" asked and pending, "timing" open. */
    private static FlowContext context() {
        List<Question> open = List.of(new Question("timing", null, Map.of("en", "When?")));
        return new FlowContext("b", 1, "en", "In Bali", "location", open, Map.of("service", "website"),
                List.of("service", "location"), KEYS);
    }

    private static String answer(String replyType, String key, String text, String location) {
        return """
                {"replyType": "%s", "questionKey": %s, "text": "%s",
                 "extractedFields": {"service": null, "location": %s, "timing": null}}"""
                .formatted(replyType, key == null ? "null" : "\"" + key + "\"", text,
                        location == null ? "null" : "\"" + location + "\"");
    }

    @Test
    void aValidAnswerBecomesTheProposalWithItsExtractedFields() {
        api.answering(answer("QUESTION", "timing", "Bali, lovely! When would you like to start?", "Bali"));

        Advice advice = model.propose(context());

        assertThat(advice.failure()).isNull();
        assertThat(advice.proposal()).isEqualTo(new Proposal(ReplyType.QUESTION, "timing",
                "Bali, lovely! When would you like to start?", Map.of("location", "Bali")));
    }

    @Test
    void theRequestAsksForTheStrictJsonSchemaAndCarriesTheKeyOnlyInItsHeader() {
        api.answering(answer("QUESTION", "timing", "When?", null));

        model.propose(context());

        ChatCompletionsStub.Request request = api.requests().getFirst();
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.body()).doesNotContain(KEY);
        JsonNode body = json.readTree(request.body());
        assertThat(body.path("model").asString()).isEqualTo("test-model");
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asString()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema").path("required").toString())
                .isEqualTo("[\"replyType\",\"questionKey\",\"text\",\"extractedFields\"]");
    }

    @Test
    void anAnswerThatIsNotJsonFallsBackAsInvalidJson(CapturedOutput output) {
        api.answering("Sure! Where are you located?");

        assertThat(model.propose(context()).failure()).isEqualTo(FallbackReason.INVALID_JSON);
        assertThat(output.getAll()).contains("invalid_json").doesNotContain(KEY);
    }

    @Test
    void anAnswerOutsideTheSchemaFallsBackAsASchemaViolation() {
        for (String wrong : List.of(
                "{\"replyType\": \"QUESTION\", \"questionKey\": \"timing\", \"text\": \"When?\"}",
                answer("QUESTION", "timing", "When?", null).replace("}}", "}, \"mood\": \"happy\"}"),
                answer("CHAT", "timing", "When?", null),
                answer("QUESTION", "favourite_colour", "Which colour?", null),
                answer("QUESTION", "timing", "", null),
                "[1, 2, 3]")) {
            api.answering(wrong);
            assertThat(model.propose(context()).failure()).as(wrong).isEqualTo(FallbackReason.SCHEMA_VIOLATION);
        }
    }

    @Test
    void anAnswerThatAsksAnAnsweredQuestionFallsBackAsARepeatedQuestion() {
        api.answering(answer("QUESTION", "service", "Which service do you need?", null));

        assertThat(model.propose(context()).failure()).isEqualTo(FallbackReason.REPEATED_QUESTION);
    }

    @Test
    void anAnswerThatAsksWhatItJustExtractedFallsBackAsARepeatedQuestion() {
        api.answering(answer("QUESTION", "location", "Bali, right?", "Bali"));

        assertThat(model.propose(context()).failure()).isEqualTo(FallbackReason.REPEATED_QUESTION);
    }

    @Test
    void aServerErrorFallsBackAsAServerErrorWithoutLoggingTheKey(CapturedOutput output) {
        api.failing(500);

        assertThat(model.propose(context()).failure()).isEqualTo(FallbackReason.SERVER_ERROR);
        assertThat(output.getAll()).contains("HTTP 500").doesNotContain(KEY);
    }

    @Test
    void noAnswerWithinTheTimeoutFallsBackAsATimeout(CapturedOutput output) {
        api.answeringAfter(Duration.ofSeconds(4), answer("QUESTION", "timing", "When?", null));

        var impatient = new OpenAiReplyModel(new OpenAi(api.baseUrl(), "test-model", KEY, Duration.ofMillis(300), 1),
                json, meters);
        long started = System.nanoTime();
        Advice advice = impatient.propose(context());

        assertThat(advice.failure()).isEqualTo(FallbackReason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(output.getAll()).doesNotContain(KEY);
    }

    @Test
    void everyCallIsTimedByOutcome() {
        api.answering(answer("QUESTION", "timing", "When?", null));
        model.propose(context());
        api.failing(503);
        model.propose(context());

        assertThat(meters.get("leadline.ai.model.calls").tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(meters.get("leadline.ai.model.calls").tag("outcome", "server_error").timer().count()).isEqualTo(1);
    }

    @Test
    void theSettingsNeverPrintTheKey() {
        assertThat(new OpenAi(api.baseUrl(), "m", KEY, Duration.ofSeconds(1), 1).toString())
                .doesNotContain(KEY).contains("****");
    }
}
