package io.leadline.platform.consumer;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.trace.Traces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which application method handles which event type of a topic. Types without a handler are skipped: a topic
 * may carry events this consumer does not care about, or that a newer producer added.
 */
public final class EventHandlers {

    private final Map<Class<?>, Handler> byType = new LinkedHashMap<>();

    private EventHandlers() {
    }

    public static EventHandlers create() {
        return new EventHandlers();
    }

    /** Handles the payload of every event of this type. */
    public <T extends LeadlineEvent> EventHandlers on(Class<T> type, Consumer<T> handler) {
        return onEnvelope(type, envelope -> handler.accept(envelope.payload()));
    }

    /** Handles events of this type with their id, trace and origin. */
    @SuppressWarnings("unchecked")
    public <T extends LeadlineEvent> EventHandlers onEnvelope(Class<T> type, Consumer<EventEnvelope<T>> handler) {
        byType.put(type, envelopes -> {
            for (EventEnvelope<?> envelope : envelopes) {
                try (var trace = Traces.continueOrStart(envelope.traceparent())) {
                    handler.accept((EventEnvelope<T>) envelope);
                }
            }
        });
        return this;
    }

    /**
     * Handles runs of events of this type together, in their order on the topic: for a handler that can apply many
     * events in a few set-based statements. It is called with the fresh events of a poll batch that follow each
     * other, and with one event at a time when the batch is applied record by record after a failure. Each event's
     * trace is the handler's to continue ({@link Traces#continueOrStart}) around the work done for it.
     */
    @SuppressWarnings("unchecked")
    public <T extends LeadlineEvent> EventHandlers onBatch(Class<T> type, Consumer<List<EventEnvelope<T>>> handler) {
        byType.put(type, envelopes -> handler.accept((List<EventEnvelope<T>>) (List<?>) envelopes));
        return this;
    }

    Optional<Handler> handlerFor(Class<?> type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Applies consecutive fresh events that share this handler. */
    interface Handler {

        void handle(List<EventEnvelope<?>> envelopes);
    }
}
