package io.leadline.ai.flow;

import io.leadline.ai.model.FallbackReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Decisions by type and model, fallbacks to the rules by reason, stored decisions published again. */
@Component
class AiMetrics {

    private final MeterRegistry meters;

    AiMetrics(MeterRegistry meters) {
        this.meters = meters;
        // At zero from the start, so the first fallback is an increase Prometheus can see.
        for (FallbackReason reason : FallbackReason.values()) {
            fallbacks(reason);
        }
    }

    void decided(Decision decision) {
        Counter.builder("leadline.ai.decisions")
                .description("Decisions stored, by reply type and the model whose proposal was used")
                .tag("type", decision.replyType().name())
                .tag("model", decision.model())
                .register(meters).increment();
        if (decision.fallbackReason() != null) {
            fellBack(decision.fallbackReason());
        }
    }

    void fellBack(FallbackReason reason) {
        fallbacks(reason).increment();
    }

    private Counter fallbacks(FallbackReason reason) {
        return Counter.builder("leadline.ai.fallbacks")
                .description("Answers of the configured model replaced by the rule-based one, by reason")
                .tag("reason", reason.tag())
                .register(meters);
    }

    void republished() {
        Counter.builder("leadline.ai.decisions.republished")
                .description("Redelivered messages answered with their stored decision")
                .register(meters).increment();
    }
}
