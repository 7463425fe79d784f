package io.leadline.ai.flow;

import io.leadline.ai.AiProperties;
import io.leadline.ai.flow.FlowEngine.Ask;
import io.leadline.ai.model.Advice;
import io.leadline.ai.model.ReplyModel;
import io.leadline.ai.model.RuleBasedReplyModel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.EventTypes;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.platform.event.CloudEventHeaders;
import io.leadline.platform.event.EventCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * Asks a remote model for its proposal before the transaction that stores the decision, so no database
 * connection or row waits on the network. The proposal is advice: the decider checks it again against the
 * state inside its transaction, and the unique decision key makes a concurrent second decision harmless.
 */
@Component
class RemoteAdvisor {

    private static final String MESSAGE_ACCEPTED = EventTypes.nameOf(MessageAccepted.class);

    private final ReplyModel model;
    private final FlowStore flows;
    private final FlowEngine engine;
    private final EventCodec codec;
    private final Semaphore inFlight;

    RemoteAdvisor(ReplyModel model, FlowStore flows, FlowEngine engine, EventCodec codec, AiProperties properties) {
        this.model = model;
        this.flows = flows;
        this.engine = engine;
        this.codec = codec;
        var openai = properties.model().openai();
        this.inFlight = new Semaphore(Math.max(1, openai == null ? 1 : openai.concurrency()));
    }

    boolean remote() {
        return !RuleBasedReplyModel.NAME.equals(model.name());
    }

    /** The model's advice for a message that will be asked a question; null for anything else. */
    Advice advise(ConsumerRecord<String, byte[]> record) {
        if (!MESSAGE_ACCEPTED.equals(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))) {
            return null;
        }
        MessageAccepted message;
        try {
            message = codec.decode(record.value(), MessageAccepted.class);
        } catch (RuntimeException unreadable) {
            return null; // the idempotent consumer dead-letters it with the reason
        }
        if (message.direction() != Direction.INBOUND) {
            return null;
        }
        if (!(engine.plan(message, flows.find(message.businessId(), message.conversationId())) instanceof Ask ask)) {
            return null;
        }
        inFlight.acquireUninterruptibly();
        try {
            return model.propose(ask.context());
        } finally {
            inFlight.release();
        }
    }

    /**
     * Runs {@code step} for every record: records of one key (one conversation) in their order, different
     * conversations side by side, so one slow answer does not hold up the whole poll batch.
     */
    void forEachInKeyOrder(List<ConsumerRecord<String, byte[]>> records, Consumer<ConsumerRecord<String, byte[]>> step) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
        records.forEach(record -> byKey.computeIfAbsent(String.valueOf(record.key()), key -> new ArrayList<>())
                .add(record));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            byKey.values().forEach(ordered -> running.add(executor.submit(() -> ordered.forEach(step))));
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deciding a batch", interrupted);
        }
    }
}
