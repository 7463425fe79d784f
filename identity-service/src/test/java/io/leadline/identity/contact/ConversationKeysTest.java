package io.leadline.identity.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Seed 003's cases that hold without a database; the rest are in {@code ContactResolutionIT}. */
class ConversationKeysTest {

    @Test
    void aKeyIsTheBusinessAndTheContact() {
        assertThat(ConversationKeys.of("demo-il", 123)).isEqualTo("demo-il:contact:123");
    }

    @Test
    void twoBusinessesNeverShareAKey() {
        assertThat(ConversationKeys.of("demo-id", 7)).isNotEqualTo(ConversationKeys.of("demo-il", 7));
    }

    @Test
    void noBusinessIsAClearError() {
        assertThatThrownBy(() -> ConversationKeys.of(null, 1)).hasMessageContaining("business");
        assertThatThrownBy(() -> ConversationKeys.of(" ", 1)).hasMessageContaining("business");
    }

    @Test
    void noResolvedContactIsAClearError() {
        assertThatThrownBy(() -> ConversationKeys.of("demo-id", 0)).hasMessageContaining("resolved contact");
    }
}
