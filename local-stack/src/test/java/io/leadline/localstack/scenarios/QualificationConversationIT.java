package io.leadline.localstack.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.localstack.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A customer talks to the stack from the first hello to the hand-over: the AI asks, the customer answers, the lead
 * fills in, no question comes twice, the script ends with a hand-over, and nothing is sent once a person has it.
 */
class QualificationConversationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void startTheStack() {
        stack = Stack.start("qualification");
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theAiQualifiesTheLeadWithoutRepeatingItselfHandsOverAndThenStaysQuiet() throws Exception {
        String phone = "6281312349001";
        List<String> answers = List.of("Halo kak", "Saya mau bikin website untuk usaha saya", "Saya di Jakarta",
                "Bulan depan kalau bisa", "Budget sekitar 10 juta", "Nama saya Budi Santoso");
        for (int i = 0; i < answers.size(); i++) {
            int before = i;
            stack.customerWrites(phone, Map.of("text", answers.get(i), "name", "Budi"));
            await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == before + 1);
        }
        long contact = stack.contactsOf(phone).getFirst();
        long conversation = stack.count("SELECT id FROM conversation.conversation WHERE contact_id = ?", contact);

        stack.customerWrites(phone, Map.of("text", "Halo? Masih ada?", "name", "Budi"));
        await().atMost(TIMEOUT).until(() -> decisions(conversation).size() == answers.size() + 1);

        List<List<Object>> decisions = decisions(conversation);
        List<Object> questionKeys = new ArrayList<>();
        decisions.stream().filter(row -> "QUESTION".equals(row.get(0))).forEach(row -> questionKeys.add(row.get(1)));
        assertThat(questionKeys).as("every question once, in the script's order")
                .containsExactly("service", "location", "timing", "budget", "name");
        assertThat(decisions.get(5).get(0)).isEqualTo("HANDOVER");
        assertThat(decisions.get(6).get(0)).as("after the hand-over").isEqualTo("NONE");
        assertThat(stack.sendsTo(phone)).as("five questions and the closing, nothing after").isEqualTo(6);

        JsonNode lead = stack.get(Service.CONVERSATION, "/api/leads/" + contact).path("fields");
        assertThat(lead.path("serviceType").path("value").asString()).isEqualTo("website");
        assertThat(lead.path("city").path("value").asString()).isEqualTo("Jakarta");
        assertThat(lead.path("name").path("value").asString()).isEqualTo("Budi Santoso");
        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM conversation.ops_task "
                + "WHERE conversation_id = ? AND type ILIKE '%HAND%'", conversation) == 1);
    }

    @Test
    void aQuestionWhoseAnswerTheCustomerAlreadyGaveIsSkipped() throws Exception {
        String phone = "6281312349002";
        stack.customerWrites(phone, Map.of("text", "Halo, saya butuh SEO untuk toko online di Bandung", "name", "Ani"));
        await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == 1);
        long conversation = stack.count("SELECT id FROM conversation.conversation WHERE contact_id = ?",
                stack.contactsOf(phone).getFirst());

        List<List<Object>> decisions = decisions(conversation);

        assertThat(decisions).hasSize(1);
        assertThat(decisions.getFirst().get(1)).as("service and city are known from the first message")
                .isEqualTo("timing");
    }

    @Test
    void nothingIsSentWhileAPersonIsAssignedAndTheAiResumesAfterwards() throws Exception {
        String phone = "6281312349003";
        stack.customerWrites(phone, Map.of("text", "Halo", "name", "Citra"));
        await().atMost(TIMEOUT).until(() -> stack.sendsTo(phone) == 1);
        long conversation = stack.count("SELECT id FROM conversation.conversation WHERE contact_id = ?",
                stack.contactsOf(phone).getFirst());

        assertThat(stack.call(Service.CONVERSATION, "PUT", "/api/conversations/" + conversation + "/assignee",
                Map.of("assignee", "agent-sari")).statusCode()).isEqualTo(200);
        // The assignment travels as an event; the AI knows it once its flow state says so.
        await().atMost(TIMEOUT).until(() -> stack.count("SELECT count(*) FROM ai.flow_state "
                + "WHERE conversation_id = ? AND assignee = 'agent-sari'", conversation) == 1);
        stack.customerWrites(phone, Map.of("text", "Saya mau website", "name", "Citra"));
        await().atMost(TIMEOUT).until(() -> decisions(conversation).size() == 2);

        assertThat(decisions(conversation).get(1).get(0)).isEqualTo("NONE");
        assertThat(stack.sendsTo(phone)).isEqualTo(1);
    }

    /** The AI's decisions for a conversation, in order: reply type and question key. */
    private static List<List<Object>> decisions(long conversation) throws Exception {
        return stack.rows("SELECT reply_type, question_key FROM ai.decision WHERE conversation_id = ? ORDER BY id",
                conversation);
    }
}
