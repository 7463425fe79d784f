package io.leadline.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aFullBucketAllowsOneSecondOfSendsThenPacesTheRest() {
        TokenBucket bucket = new TokenBucket(80, nanos::get);

        for (int i = 0; i < 80; i++) {
            assertThat(bucket.tryTake()).isZero();
        }
        long wait = bucket.tryTake();

        assertThat(wait).isBetween(12_000_000L, 12_600_000L); // 1/80 s
    }

    @Test
    void tokensComeBackAtTheConfiguredRateAndNeverBeyondOneSecondsWorth() {
        TokenBucket bucket = new TokenBucket(1_000, nanos::get);
        for (int i = 0; i < 1_000; i++) {
            bucket.tryTake();
        }

        nanos.addAndGet(10_000_000L); // 10 ms: 10 tokens
        int granted = 0;
        while (bucket.tryTake() == 0) {
            granted++;
        }
        assertThat(granted).isEqualTo(10);

        nanos.addAndGet(60_000_000_000L); // a minute idle still stores only one second's worth
        granted = 0;
        while (bucket.tryTake() == 0) {
            granted++;
        }
        assertThat(granted).isEqualTo(1_000);
    }

    @Test
    void peekingTakesNothingAndATokenGivenBackCanBeTakenAgain() {
        TokenBucket bucket = new TokenBucket(1, nanos::get);

        assertThat(bucket.nanosUntilToken()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.nanosUntilToken()).isEqualTo(1_000_000_000L);
        bucket.giveBack();
        assertThat(bucket.tryTake()).isZero();
        bucket.giveBack();
        bucket.giveBack();
        assertThat(bucket.tryTake()).as("never more than a second's worth").isZero();
        assertThat(bucket.tryTake()).isPositive();
    }
}
