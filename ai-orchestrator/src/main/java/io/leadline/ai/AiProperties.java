package io.leadline.ai;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The orchestrator's settings ({@code leadline.ai.*}); defaults in {@code ai-orchestrator.yml}.
 *
 * @param maxQuestions  questions asked before the conversation is handed to a person
 * @param optOutWords   a message that is one of these words (any case, punctuation ignored) stops every reply
 * @param defaultScript the qualification script of a business without its own
 * @param scripts       scripts by business id
 */
@ConfigurationProperties("leadline.ai")
public record AiProperties(
        int maxQuestions,
        List<String> optOutWords,
        Script defaultScript,
        Map<String, Script> scripts,
        Model model) {

    public AiProperties {
        optOutWords = optOutWords == null ? List.of() : List.copyOf(optOutWords);
        scripts = scripts == null ? Map.of() : Map.copyOf(scripts);
    }

    public Script scriptOf(String businessId) {
        Script own = scripts.get(businessId);
        if (own == null) {
            return defaultScript;
        }
        return new Script(own.language() == null ? defaultScript.language() : own.language(),
                own.questions().isEmpty() ? defaultScript.questions() : own.questions(),
                own.closing().isEmpty() ? defaultScript.closing() : own.closing());
    }

    /**
     * @param language  the language of a conversation whose lead has no {@code language} field
     * @param questions asked in this order, each skipped once its field is known
     * @param closing   the hand-over reply, by language
     */
    public record Script(String language, List<Question> questions, Map<String, String> closing) {

        public Script {
            questions = questions == null ? List.of() : List.copyOf(questions);
            closing = closing == null ? Map.of() : Map.copyOf(closing);
        }
    }

    /**
     * @param key   the question key, also the lead field it fills unless {@code field} says otherwise
     * @param texts the question, by language
     */
    public record Question(String key, String field, Map<String, String> texts) {

        public Question {
            field = field == null || field.isBlank() ? key : field;
            texts = texts == null ? Map.of() : Map.copyOf(texts);
        }
    }

    /** @param provider {@code rules} (the default: deterministic, no network) or {@code openai} */
    public record Model(String provider, OpenAi openai) {

        public boolean remote() {
            return "openai".equalsIgnoreCase(provider);
        }
    }

    /**
     * An OpenAI-compatible chat-completions endpoint.
     *
     * @param baseUrl     e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
     * @param apiKey      sent as a bearer token; never logged, and masked in {@link #toString()}
     * @param timeout     the whole call; past it the rule-based model answers
     * @param concurrency calls in flight at once per consumer thread
     */
    public record OpenAi(URI baseUrl, String model, String apiKey, Duration timeout, int concurrency) {

        @Override
        public String toString() {
            return "OpenAi[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + (apiKey == null || apiKey.isEmpty() ? "(none)" : "****") + ", timeout=" + timeout
                    + ", concurrency=" + concurrency + "]";
        }
    }
}
