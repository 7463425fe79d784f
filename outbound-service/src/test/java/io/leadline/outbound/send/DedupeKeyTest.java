package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DedupeKeyTest {

    private final Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void theSameReplyToTheSameInboundMessageHasTheSameKey() {
        assertThat(DedupeKey.of(1, "QUESTION", "Service Type", 7L, now))
                .isEqualTo(DedupeKey.of(1, "question", "service_type", 7L, now.plusSeconds(3600)))
                .hasSize(64);
    }

    @Test
    void anotherConversationQuestionOrInboundMessageIsAnotherKey() {
        String key = DedupeKey.of(1, "QUESTION", "service", 7L, now);

        assertThat(DedupeKey.of(2, "QUESTION", "service", 7L, now)).isNotEqualTo(key);
        assertThat(DedupeKey.of(1, "QUESTION", "location", 7L, now)).isNotEqualTo(key);
        assertThat(DedupeKey.of(1, "QUESTION", "service", 8L, now)).isNotEqualTo(key);
    }

    @Test
    void withoutAnInboundMessageTheKeyHoldsForOneUtcDay() {
        String morning = DedupeKey.of(1, "FOLLOW_UP", null, null, now);

        assertThat(DedupeKey.of(1, "FOLLOW_UP", null, null, now.plusSeconds(3600))).isEqualTo(morning);
        assertThat(DedupeKey.of(1, "FOLLOW_UP", null, null, now.plusSeconds(86_400))).isNotEqualTo(morning);
    }
}
