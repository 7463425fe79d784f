package io.leadline.ai.model;

import io.leadline.ai.AiProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The configured reply model: the rules unless {@code leadline.ai.model.provider=openai}. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    @Bean
    ReplyModel replyModel(AiProperties properties, JsonMapper json, MeterRegistry meters) {
        if (!properties.model().remote()) {
            return new RuleBasedReplyModel(properties.defaultScript().language());
        }
        var openai = properties.model().openai();
        if (openai == null || openai.baseUrl() == null || openai.model() == null || openai.model().isBlank()
                || openai.apiKey() == null || openai.apiKey().isBlank()) {
            throw new IllegalStateException("leadline.ai.model.provider=openai needs leadline.ai.model.openai."
                    + "base-url, model and api-key (LEADLINE_AI_OPENAI_API_KEY); got " + openai);
        }
        return new OpenAiReplyModel(openai, json, meters);
    }
}
