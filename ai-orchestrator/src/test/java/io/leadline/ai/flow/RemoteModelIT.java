package io.leadline.ai.flow;

import static io.leadline.ai.flow.Conversations.inbound;
import static io.leadline.ai.flow.Conversations.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.ai.model.ChatCompletionsStub;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service with the chat-completions model, against a real local HTTP server standing in for the API. */
@SpringBootTest(classes = AiOrchestratorApplication.class)
@LeadlineIntegrationTest
class RemoteModelIT {

    private static final ChatCompletionsStub API = new ChatCompletionsStub();
    private static final String ASK_SERVICE = """
            {"replyType": "QUESTION", "questionKey": "service", "text": "Hi! What can we build for you?",
             "extractedFields": {"service": null, "location": null, "timing": null, "budget": null, "name": null}}""";

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("leadline.ai.model.provider", () -> "openai");
        registry.add("leadline.ai.model.openai.base-url", () -> API.baseUrl().toString());
        registry.add("leadline.ai.model.openai.api-key", () -> "sk-remote-model-it");
        registry.add("leadline.ai.model.openai.timeout", () -> "1s");
    }

    @AfterAll
    static void stopApi() {
        API.close();
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void theModelsReplyIsPublishedAndNoTransactionIsOpenWhileTheModelIsAsked() {
        List<Integer> openTransactions = new CopyOnWriteArrayList<>();
        API.answering(ASK_SERVICE).whileAnswering(() -> openTransactions.add(jdbc.sql("""
                SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                """).query(Integer.class).single()));
        long conversation = newId();

        ReplyIntended reply = publishAndAwaitReply(conversation, "Hello");

        assertThat(reply.text()).isEqualTo("Hi! What can we build for you?");
        assertThat(reply.questionKey()).isEqualTo("service");
        assertThat(openTransactions).isNotEmpty().containsOnly(0);
        assertThat(decisionOf(reply.inboundMessageId())).containsEntry("model", "openai");
    }

    @Test
    void aServerErrorFallsBackToTheRulesAndIsCountedAndStored() {
        API.failing(500).whileAnswering(() -> { });
        double before = fallbacks("server_error");
        long conversation = newId();

        ReplyIntended reply = publishAndAwaitReply(conversation, "Hello");

        assertThat(reply.text()).isEqualTo("Thanks for your message! Which service are you interested in?");
        assertThat(decisionOf(reply.inboundMessageId())).containsEntry("model", "rules")
                .containsEntry("fallback_reason", "server_error");
        assertThat(fallbacks("server_error")).isEqualTo(before + 1);
    }

    @Test
    void aModelThatRepeatsAnAnsweredQuestionIsOverruledByTheRules() {
        API.answering(ASK_SERVICE).whileAnswering(() -> { });
        long conversation = newId();

        ReplyIntended reply = publishAndAwaitReply(conversation, "Hello", Map.of("serviceType", "website"));

        assertThat(reply.questionKey()).isEqualTo("location");
        assertThat(decisionOf(reply.inboundMessageId())).containsEntry("fallback_reason", "repeated_question");
    }

    @Test
    void aModelThatDoesNotAnswerInTimeIsReplacedByTheRules() {
        API.answeringAfter(Duration.ofSeconds(3), ASK_SERVICE).whileAnswering(() -> { });
        long conversation = newId();

        ReplyIntended reply = publishAndAwaitReply(conversation, "Hello");

        assertThat(reply.questionKey()).isEqualTo("service");
        assertThat(decisionOf(reply.inboundMessageId())).containsEntry("fallback_reason", "timeout");
    }

    private ReplyIntended publishAndAwaitReply(long conversation, String text) {
        return publishAndAwaitReply(conversation, text, Map.of());
    }

    private ReplyIntended publishAndAwaitReply(long conversation, String text, Map<String, String> lead) {
        try (TopicProbe intents = TopicProbe.fromNow(bootstrap, Topics.REPLY_INTENTS)) {
            publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                    inbound(conversation, newId(), text, lead, null))));
            return codec.decode(intents.awaitCount(record -> record.key().equals(Long.toString(conversation)), 1,
                    Duration.ofSeconds(30)).getFirst().value(), ReplyIntended.class);
        }
    }

    private Map<String, Object> decisionOf(long message) {
        return jdbc.sql("SELECT * FROM decision WHERE inbound_message_id = :m").param("m", message).query().singleRow();
    }

    private double fallbacks(String reason) {
        var counter = meters.find("leadline.ai.fallbacks").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
