package io.leadline.ai.flow;

import io.leadline.ai.flow.FlowStore.FlowKey;
import io.leadline.contracts.Direction;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.event.EventCodec;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.trace.Traces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rule-based hot path: the fresh {@code MessageAccepted} of a poll batch decided together. Their flow states are
 * read in one statement, each message is decided in order against the state the previous one left, the decisions
 * are inserted in one statement and each conversation's state is saved once. Anything unusual — a message decided
 * before, a state another transaction moved — fails the batch, and the platform applies it again one message at a
 * time, through {@link ReplyDecider}, which republishes stored decisions and retries lost races.
 */
@Service
class BatchDecider {

    private final ReplyDecider decider;
    private final FlowEngine engine;
    private final FlowStore flows;
    private final DecisionStore decisions;
    private final EventCodec codec;
    private final AiMetrics metrics;

    BatchDecider(ReplyDecider decider, FlowEngine engine, FlowStore flows, DecisionStore decisions, EventCodec codec,
            AiMetrics metrics) {
        this.decider = decider;
        this.engine = engine;
        this.flows = flows;
        this.decisions = decisions;
        this.codec = codec;
        this.metrics = metrics;
    }

    @Transactional
    public void decideAll(List<EventEnvelope<MessageAccepted>> messages) {
        List<EventEnvelope<MessageAccepted>> inbound = messages.stream()
                .filter(envelope -> envelope.payload().direction() == Direction.INBOUND).toList();
        if (inbound.size() <= 1) {
            inbound.forEach(this::decideOne);
            return;
        }
        Map<FlowKey, FlowState> read = flows.findAll(inbound.stream().map(envelope -> keyOf(envelope.payload()))
                .toList());
        Map<FlowKey, FlowState> current = new HashMap<>(read);
        // In the order of each conversation's last change: new conversations are inserted in that order, so their
        // updated_at keeps the order of the messages (the health view lists the most recently moved conversations).
        Map<FlowKey, Integer> changes = new LinkedHashMap<>();
        List<DecisionStore.NewDecision> rows = new ArrayList<>(inbound.size());
        List<Decision> made = new ArrayList<>(inbound.size());
        for (EventEnvelope<MessageAccepted> envelope : inbound) {
            try (var trace = Traces.continueOrStart(envelope.traceparent())) {
                MessageAccepted message = envelope.payload();
                FlowKey key = keyOf(message);
                Decision decision = engine.decide(message, current.get(key), null);
                ReplyIntended intent = ReplyDecider.intentOf(message, decision);
                rows.add(new DecisionStore.NewDecision(message.businessId(), message.conversationId(),
                        message.messageId(), decision, intent == null ? null : codec.encode(intent)));
                // Buffered until commit: if the batch fails below, the rollback takes these rows back too.
                decider.publish(message, decision, intent);
                if (!decision.next().equals(current.put(key, decision.next()))) {
                    Integer before = changes.remove(key);
                    changes.put(key, before == null ? 1 : before + 1);
                }
                made.add(decision);
            }
        }
        int stored = decisions.insertAll(rows);
        if (stored != rows.size()) {
            throw new IllegalStateException((rows.size() - stored) + " of " + rows.size()
                    + " messages were decided before: the batch is applied again one message at a time");
        }
        flows.saveAll(changes.entrySet().stream()
                .map(change -> new FlowStore.Change(current.get(change.getKey()), change.getValue())).toList());
        made.forEach(metrics::decided);
    }

    private void decideOne(EventEnvelope<MessageAccepted> envelope) {
        try (var trace = Traces.continueOrStart(envelope.traceparent())) {
            decider.decide(envelope.payload(), null);
        }
    }

    private static FlowKey keyOf(MessageAccepted message) {
        return new FlowKey(message.businessId(), message.conversationId());
    }
}
