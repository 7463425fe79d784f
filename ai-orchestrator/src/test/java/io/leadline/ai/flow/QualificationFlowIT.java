package io.leadline.ai.flow;

import static io.leadline.ai.flow.Conversations.BUSINESS;
import static io.leadline.ai.flow.Conversations.inbound;
import static io.leadline.ai.flow.Conversations.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.ai.AiOrchestratorApplication;
import io.leadline.contracts.Channel;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The flow end to end: MessageAccepted in through Kafka, decisions in PostgreSQL, ReplyIntended out. */
@SpringBootTest(classes = AiOrchestratorApplication.class)
@LeadlineIntegrationTest
class QualificationFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    EventCodec codec;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    TopicProbe intents;
    TopicProbe tasks;

    @BeforeEach
    void openProbes() {
        intents = TopicProbe.fromNow(bootstrap, Topics.REPLY_INTENTS);
        tasks = TopicProbe.fromNow(bootstrap, Topics.OPS_TASKS);
    }

    @AfterEach
    void closeProbes() {
        intents.close();
        tasks.close();
    }

    @Test
    void theScriptIsAskedInOrderSkippingKnownFieldsThenHandedOverWithAnOpsTask() {
        long conversation = newId();
        // Lead fields by conversation-service's names: "city" answers the location question.
        Map<String, String> lead = Map.of("city", "Jakarta");

        List<String> keys = new java.util.ArrayList<>();
        for (String text : List.of("Hi, I need a website", "A web shop", "Next month", "About 2000 USD", "Ayu")) {
            publish(inbound(conversation, newId(), text, lead, null));
            List<ReplyIntended> replies = awaitReplies(conversation, keys.size() + 1);
            keys.add(replies.getLast().replyType() + ":" + replies.getLast().questionKey());
        }

        assertThat(keys).containsExactly("QUESTION:service", "QUESTION:timing", "QUESTION:budget", "QUESTION:name",
                "HANDOVER:null");
        assertThat(awaitReplies(conversation, 5).getLast().text()).contains("team");
        List<OpsTaskRaised> handOvers = tasks.awaitCount(record -> record.key().equals(BUSINESS), 1, WAIT).stream()
                .map(record -> codec.decode(record.value(), OpsTaskRaised.class))
                .filter(task -> task.conversationId() == conversation).toList();
        assertThat(handOvers).singleElement().satisfies(task -> {
            assertThat(task.type()).isEqualTo("HANDOVER");
            assertThat(task.subject()).isEqualTo("conversation:" + conversation);
        });
        assertThat(state(conversation)).containsEntry("asked_count", 4).containsEntry("last_question_key", "name")
                .containsEntry("handed_over", true).containsEntry("version", 5L);
    }

    @Test
    void afterTheHandOverTheCustomerGetsNoMoreAutomaticReplies() {
        long conversation = newId();
        Map<String, String> everythingKnown = Map.of("serviceType", "web", "city", "Bali", "preferredDate", "now",
                "budget", "1k", "name", "Ayu");
        publish(inbound(conversation, newId(), "Hello", everythingKnown, null));
        assertThat(awaitReplies(conversation, 1).getFirst().replyType()).isEqualTo("HANDOVER");

        long later = newId();
        publish(inbound(conversation, later, "Are you there?", everythingKnown, null));

        assertThat(awaitDecision(later)).containsEntry("reply_type", "NONE").containsEntry("reason", "HANDED_OVER");
        assertThat(intentRows(conversation)).isEqualTo(1);
    }

    @Test
    void theSameEventDeliveredTwiceIsDecidedAndPublishedOnce() {
        long conversation = newId();
        long message = newId();
        String eventId = UUID.randomUUID().toString();
        MessageAccepted accepted = inbound(conversation, message, "Hi", Map.of(), null);
        publisher.publishAll(List.of(new Outgoing(eventId, accepted), new Outgoing(eventId, accepted)));
        // Same key, same partition: once the next message's reply is out, the redelivery has been handled.
        publish(inbound(conversation, newId(), "A website", Map.of(), null));

        List<ReplyIntended> replies = awaitReplies(conversation, 2);

        assertThat(replies).extracting(ReplyIntended::questionKey).containsExactly("service", "location");
        assertThat(replies).filteredOn(reply -> reply.inboundMessageId() == message).hasSize(1);
        assertThat(decisionRows(message)).isEqualTo(1);
    }

    @Test
    void aMessageRedeliveredUnderANewEventIdRepublishesTheStoredDecisionAndMovesNothing() {
        long conversation = newId();
        long message = newId();
        MessageAccepted accepted = inbound(conversation, message, "Hi", Map.of(), null);
        publish(accepted);
        ReplyIntended first = awaitReplies(conversation, 1).getFirst();

        publish(accepted);
        List<ReplyIntended> replies = awaitReplies(conversation, 2);

        assertThat(replies.get(1)).isEqualTo(first);
        assertThat(decisionRows(message)).isEqualTo(1);
        assertThat(state(conversation)).containsEntry("asked_count", 1).containsEntry("version", 1L);
    }

    @Test
    void noReplyIsDecidedWhileAPersonIsAssignedAndTheFlowResumesWhenReleased() {
        long conversation = newId();
        publish(new AssignmentChanged(BUSINESS, conversation, "agent-7", Instant.now()));
        long whileAssigned = newId();
        publish(inbound(conversation, whileAssigned, "Hi, anyone?", Map.of(), null));
        long assignedInEvent = newId();
        publish(inbound(conversation, assignedInEvent, "Hello?", Map.of(), "agent-7"));

        assertThat(awaitDecision(whileAssigned)).containsEntry("reply_type", "NONE").containsEntry("reason", "ASSIGNED");
        assertThat(awaitDecision(assignedInEvent)).containsEntry("reason", "ASSIGNED");

        publish(new AssignmentChanged(BUSINESS, conversation, null, Instant.now()));
        publish(inbound(conversation, newId(), "Still need a website", Map.of(), null));

        assertThat(awaitReplies(conversation, 1)).singleElement()
                .satisfies(reply -> assertThat(reply.questionKey()).isEqualTo("service"));
        assertThat(intentRows(conversation)).isEqualTo(1);
    }

    @Test
    void anOptOutWordStopsEveryLaterReply() {
        long conversation = newId();
        publish(inbound(conversation, "Hi"));
        awaitReplies(conversation, 1);

        long stop = newId();
        publish(inbound(conversation, stop, "  Stop! ", Map.of(), null));
        long after = newId();
        publish(inbound(conversation, after, "Actually, what are your prices?", Map.of(), null));

        assertThat(awaitDecision(stop)).containsEntry("reason", "OPTED_OUT");
        assertThat(awaitDecision(after)).containsEntry("reason", "OPTED_OUT");
        assertThat(intentRows(conversation)).isEqualTo(1);
        assertThat(state(conversation)).containsEntry("opted_out", true).containsEntry("asked_count", 1);
    }

    @Test
    void aReplyIsKeyedByItsConversationAndCarriesTheRecipientAndTheLastInboundTime() {
        long conversation = newId();
        MessageAccepted accepted = inbound(conversation, "Hello");
        publish(accepted);

        ConsumerRecord<String, byte[]> record = intents.awaitCount(
                r -> r.key().equals(Long.toString(conversation)), 1, WAIT).getFirst();
        ReplyIntended reply = codec.decode(record.value(), ReplyIntended.class);

        assertThat(reply.recipient()).isEqualTo(accepted.replyTo());
        assertThat(reply.lastInboundAt()).isEqualTo(accepted.lastInboundAt());
        assertThat(reply.inboundReceivedAt()).as("when ingest took the webhook: the start of the end-to-end clock")
                .isEqualTo(accepted.receivedAt()).isNotNull();
        assertThat(reply.inboundProviderMessageId()).isEqualTo(accepted.providerMessageId());
        assertThat(reply.inboundMessageId()).isEqualTo(accepted.messageId());
    }

    @Test
    void aReplyToAMessageThatCameThroughAGatewayGoesBackThroughTheSameGatewayInstance() {
        long conversation = newId();
        MessageAccepted accepted = Conversations.throughGateway(conversation, "evo-jakarta", "Halo kak");
        publish(accepted);

        ConsumerRecord<String, byte[]> record = intents.awaitCount(
                r -> r.key().equals(Long.toString(conversation)), 1, WAIT).getFirst();
        ReplyIntended reply = codec.decode(record.value(), ReplyIntended.class);

        assertThat(reply.channel()).isEqualTo(Channel.GATEWAY);
        assertThat(reply.gatewayInstance()).isEqualTo("evo-jakarta");
        assertThat(reply.recipient().gatewayAddress()).isEqualTo("180149326516354@lid");
    }

    private void publish(LeadlineEvent event) {
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(), event)));
    }

    private List<ReplyIntended> awaitReplies(long conversation, int count) {
        return intents.awaitCount(record -> record.key().equals(Long.toString(conversation)), count, WAIT).stream()
                .map(record -> codec.decode(record.value(), ReplyIntended.class))
                .toList();
    }

    private Map<String, Object> awaitDecision(long message) {
        return await().atMost(WAIT).until(() -> jdbc.sql("SELECT * FROM decision WHERE inbound_message_id = :m")
                .param("m", message).query().listOfRows(), rows -> rows.size() == 1).getFirst();
    }

    private int decisionRows(long message) {
        return jdbc.sql("SELECT count(*) FROM decision WHERE inbound_message_id = :m").param("m", message)
                .query(Integer.class).single();
    }

    private int intentRows(long conversation) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE topic = :topic AND record_key = :key")
                .param("topic", Topics.REPLY_INTENTS).param("key", Long.toString(conversation))
                .query(Integer.class).single();
    }

    private Map<String, Object> state(long conversation) {
        return jdbc.sql("SELECT * FROM flow_state WHERE conversation_id = :c").param("c", conversation)
                .query().singleRow();
    }
}
