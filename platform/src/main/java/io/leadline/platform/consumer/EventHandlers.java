package io.leadline.platform.consumer;

import io.leadline.contracts.LeadlineEvent;
import io.leadline.platform.event.EventEnvelope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which application method handles which event type of a topic. Types without a handler are skipped: a topic
 * may carry events this consumer does not care about, or that a newer producer added.
 */
public final class EventHandlers {

    private final Map<Class<?>, Consumer<EventEnvelope<?>>> byType = new LinkedHashMap<>();

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
        byType.put(type, envelope -> handler.accept((EventEnvelope<T>) envelope));
        return this;
    }

    Optional<Consumer<EventEnvelope<?>>> handlerFor(Class<?> type) {
        return Optional.ofNullable(byType.get(type));
    }
}
