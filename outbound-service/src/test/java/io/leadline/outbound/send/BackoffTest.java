package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {

    @RepeatedTest(20)
    void eachAttemptWaitsAboutTwiceAsLongWithJitter() {
        Duration base = Duration.ofSeconds(2);

        assertThat(Backoff.after(1, base)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(Backoff.after(2, base)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(Backoff.after(3, base)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
    }

    @RepeatedTest(20)
    void aLimitTheProviderEnforcesIsNeverRetriedSoonerThanItsBackOff() {
        Duration base = Duration.ofSeconds(2);

        assertThat(Backoff.atLeast(1, base)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(Backoff.atLeast(2, base)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }
}
