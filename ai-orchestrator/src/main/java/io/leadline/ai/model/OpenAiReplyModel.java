package io.leadline.ai.model;

import io.leadline.ai.AiProperties.OpenAi;
import io.leadline.ai.AiProperties.Question;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client for OpenAI-compatible chat-completions APIs, asking for a JSON-schema response. Whatever goes wrong
 * (no answer in time, a 5xx, an answer that is not the schema or repeats a question) becomes an {@link Advice}
 * with the reason, so the caller falls back to the rules. The API key goes into one header and nowhere else.
 */
public final class OpenAiReplyModel implements ReplyModel {

    public static final String NAME = "openai";
    private static final Logger log = LoggerFactory.getLogger(OpenAiReplyModel.class);

    private final OpenAi settings;
    private final HttpClient http;
    private final JsonMapper json;
    private final ProposalParser parser;
    private final MeterRegistry meters;

    public OpenAiReplyModel(OpenAi settings, JsonMapper json, MeterRegistry meters) {
        this.settings = settings;
        this.json = json;
        this.parser = new ProposalParser(json);
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Advice propose(FlowContext context) {
        Timer.Sample sample = Timer.start(meters);
        Advice advice = call(context);
        sample.stop(Timer.builder("leadline.ai.model.calls")
                .description("Calls to the chat-completions API by outcome")
                .tag("outcome", advice.failure() == null ? "ok" : advice.failure().tag())
                .register(meters));
        return advice;
    }

    private Advice call(FlowContext context) {
        HttpRequest request = HttpRequest.newBuilder(endpoint())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + settings.apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body(context))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException timeout) {
            return failed(FallbackReason.TIMEOUT, "no answer within " + settings.timeout());
        } catch (IOException unreachable) {
            return failed(FallbackReason.UNREACHABLE, unreachable.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return failed(FallbackReason.TIMEOUT, "interrupted");
        }
        if (response.statusCode() >= 500) {
            return failed(FallbackReason.SERVER_ERROR, "HTTP " + response.statusCode());
        }
        if (response.statusCode() >= 300) {
            return failed(FallbackReason.CLIENT_ERROR, "HTTP " + response.statusCode());
        }
        try {
            return Advice.of(NAME, parser.parse(content(response.body()), context));
        } catch (ProposalParser.Rejected rejected) {
            return failed(rejected.reason, rejected.getMessage());
        }
    }

    private URI endpoint() {
        String base = settings.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
    }

    /** The message content of the first choice; a missing one or a refusal is not the schema. */
    private String content(String body) {
        JsonNode message;
        try {
            message = json.readTree(body).path("choices").path(0).path("message");
        } catch (RuntimeException notJson) {
            throw new ProposalParser.Rejected(FallbackReason.INVALID_JSON, "the response body is not JSON");
        }
        JsonNode content = message.path("content");
        if (!content.isString()) {
            throw new ProposalParser.Rejected(FallbackReason.SCHEMA_VIOLATION, "the response has no message content");
        }
        return content.asString();
    }

    private Advice failed(FallbackReason reason, String detail) {
        log.warn("Reply model {} at {} gave no usable answer ({}): {}", settings.model(), settings.baseUrl(),
                reason.tag(), detail);
        return Advice.failed(NAME, reason);
    }

    private ObjectNode body(FlowContext context) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        body.put("temperature", 0);
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", """
                You qualify a sales lead on WhatsApp. Reply in the language "%s". Ask exactly one of the open \
                questions (replyType QUESTION with its questionKey; rephrase it naturally), or ask the pending \
                question again only if the customer's message does not answer it. Never ask a question whose \
                answer is known. Put what the customer's message tells you into extractedFields by question key. \
                Use replyType HANDOVER (questionKey null) only when the customer asks for a person."""
                .formatted(context.language()));
        messages.addObject().put("role", "user").put("content", json.writeValueAsString(prompt(context)));
        ObjectNode format = body.putObject("response_format");
        format.put("type", "json_schema");
        ObjectNode schema = format.putObject("json_schema");
        schema.put("name", "leadline_reply");
        schema.put("strict", true);
        schema.set("schema", schema(context.allKeys()));
        return body;
    }

    private Map<String, Object> prompt(FlowContext context) {
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("customerMessage", context.inboundText() == null ? "" : context.inboundText());
        prompt.put("pendingQuestion", context.pendingKey());
        Map<String, String> open = new LinkedHashMap<>();
        for (Question question : context.open()) {
            open.put(question.key(), context.textOf(question, context.language()));
        }
        prompt.put("openQuestions", open);
        prompt.put("known", context.known());
        return prompt;
    }

    /** Strict mode wants every object closed and every property required, so each field is a nullable string. */
    private ObjectNode schema(List<String> keys) {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        schema.putArray("required").add("replyType").add("questionKey").add("text").add("extractedFields");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("replyType").put("type", "string").putArray("enum").add("QUESTION").add("HANDOVER");
        properties.putObject("questionKey").putArray("type").add("string").add("null");
        properties.putObject("text").put("type", "string");
        ObjectNode fields = properties.putObject("extractedFields");
        fields.put("type", "object");
        fields.put("additionalProperties", false);
        var required = fields.putArray("required");
        ObjectNode fieldProperties = fields.putObject("properties");
        for (String key : keys) {
            required.add(key);
            fieldProperties.putObject(key).putArray("type").add("string").add("null");
        }
        return schema;
    }
}
