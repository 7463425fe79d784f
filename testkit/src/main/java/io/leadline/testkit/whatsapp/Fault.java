package io.leadline.testkit.whatsapp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One way the simulator can misbehave on a send, as a {@link FaultPlan} schedules it. Faults that answer with an
 * error record nothing (WhatsApp refused the send); faults that happen after the request was read record the send,
 * because the real API may well have delivered it: that is what makes the outcome ambiguous for the caller.
 */
public sealed interface Fault {

    /** Answers with this HTTP status and a Graph API error body carrying Meta's error {@code code}. */
    static Fault graphError(int httpStatus, int code) {
        return new GraphError(httpStatus, code);
    }

    /** Answers 500 with Meta's generic "unknown error" (code 1). */
    static Fault serverError() {
        return new GraphError(500, 1);
    }

    /** Answers 429 with Meta's throttling code 130429. */
    static Fault throttled() {
        return new GraphError(429, 130429);
    }

    /** Reads and records the send, then waits this long before answering normally (a read timeout for the caller). */
    static Fault slowAnswer(Duration delay) {
        return new SlowAnswer(delay);
    }

    /** Reads and records the send, then cuts the connection in the middle of the answer. */
    static Fault cutAnswer() {
        return new CutAnswer();
    }

    /**
     * A fault as {@code POST /sim/faults} describes it: {@code {"status":500,"code":131016}}, {@code {"delayMs":15000}}
     * or {@code {"cut":true}}; empty when it names none of them.
     */
    static Optional<Fault> of(JsonNode plan) {
        if (plan.path("cut").asBoolean(false)) {
            return Optional.of(cutAnswer());
        } else if (plan.has("delayMs")) {
            return Optional.of(slowAnswer(Duration.ofMillis(plan.path("delayMs").asLong())));
        } else if (plan.has("status") || plan.has("code")) {
            return Optional.of(graphError(plan.path("status").asInt(500), plan.path("code").asInt(1)));
        }
        return Optional.empty();
    }

    record GraphError(int httpStatus, int code) implements Fault {
    }

    record SlowAnswer(Duration delay) implements Fault {

        public SlowAnswer {
            Objects.requireNonNull(delay, "delay");
        }
    }

    record CutAnswer() implements Fault {
    }
}
