package io.leadline.ai.flow;

import io.leadline.ai.model.Advice;
import io.leadline.ai.model.ReplyType;
import io.leadline.contracts.Direction;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.outbox.Outbox;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One decision per inbound customer message, stored with the state it leaves and the reply it publishes, in
 * one transaction. A message decided before (a redelivery under a new event id, or a concurrent delivery that
 * won the unique key) publishes the stored reply again and changes nothing.
 */
@Service
class ReplyDecider {

    static final String HANDOVER_TASK = "HANDOVER";

    private final DecisionStore decisions;
    private final FlowStore flows;
    private final FlowEngine engine;
    private final Outbox outbox;
    private final EventCodec codec;
    private final AiMetrics metrics;

    ReplyDecider(DecisionStore decisions, FlowStore flows, FlowEngine engine, Outbox outbox, EventCodec codec,
            AiMetrics metrics) {
        this.decisions = decisions;
        this.flows = flows;
        this.engine = engine;
        this.outbox = outbox;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** @param advice the configured model's proposal, asked before the transaction; null to use the rules */
    @Transactional
    public void decide(MessageAccepted message, Advice advice) {
        if (message.direction() != Direction.INBOUND) {
            return;
        }
        FlowState state = flows.find(message.businessId(), message.conversationId());
        Decision decision = engine.decide(message, state, advice);
        ReplyIntended intent = intentOf(message, decision);
        byte[] bytes = intent == null ? null : codec.encode(intent);
        if (!decisions.insert(message.businessId(), message.conversationId(), message.messageId(), decision, bytes)) {
            // Decided before (a redelivery under a new event id, or a concurrent delivery that won the unique key):
            // this decision is dropped with the state it computed, and the stored one goes out again.
            decisions.storedIntent(message.businessId(), message.messageId()).ifPresent(this::republish);
            return;
        }
        if (!decision.next().equals(state)) {
            flows.save(decision.next());
        }
        publish(message, decision, intent);
        metrics.decided(decision);
    }

    @Transactional
    public void assignmentChanged(AssignmentChanged change) {
        flows.assign(change.businessId(), change.conversationId(), change.assignee());
    }

    private void republish(byte[] intent) {
        if (intent.length > 0) {
            outbox.publish(codec.decode(intent, ReplyIntended.class));
            metrics.republished();
        }
    }

    /** What a stored decision publishes: its reply unless silent, and a task for a person when it hands over. */
    void publish(MessageAccepted message, Decision decision, ReplyIntended intent) {
        if (intent != null) {
            outbox.publish(intent);
        }
        if (decision.replyType() == ReplyType.HANDOVER) {
            outbox.publish(handOverTask(message, decision));
        }
    }

    /** The reply a decision publishes, or null when it stays silent. */
    static ReplyIntended intentOf(MessageAccepted message, Decision decision) {
        return decision.replyType() == ReplyType.NONE ? null : new ReplyIntended(
                message.businessId(), message.conversationId(), message.messageId(), message.providerMessageId(),
                decision.replyType().name(), decision.questionKey(), decision.text(), message.replyTo(),
                message.lastInboundAt(), message.receivedAt(), message.channel(), message.gatewayInstance());
    }

    private static OpsTaskRaised handOverTask(MessageAccepted message, Decision decision) {
        FlowState state = decision.next();
        return new OpsTaskRaised(message.businessId(), HANDOVER_TASK, "conversation:" + message.conversationId(),
                message.conversationId(), message.contactId(), decision.reason(),
                Map.of("inboundMessageId", Long.toString(message.messageId()),
                        "askedCount", Integer.toString(state.askedCount()),
                        "askedKeys", String.join(",", state.askedKeys()),
                        "answeredKeys", String.join(",", state.answers().keySet().stream().sorted().toList())),
                Instant.now());
    }
}
