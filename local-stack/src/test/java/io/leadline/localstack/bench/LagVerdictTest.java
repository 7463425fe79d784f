package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class LagVerdictTest {

    @Test
    void lagThatWobblesAroundOneLevelDidNotGrow() {
        LagVerdict verdict = LagVerdict.of(samples(60, second -> 400 + (second % 3) * 150), 60, 200);

        assertThat(verdict.grew()).as(verdict.toString()).isFalse();
        assertThat(verdict.toString()).startsWith("lag did not grow: 400 records at the end of the load");
    }

    @Test
    void lagThatClimbsThroughTheLoadGrew() {
        LagVerdict verdict = LagVerdict.of(samples(60, second -> second * 300L), 60, 200);

        assertThat(verdict.grew()).isTrue();
        assertThat(verdict.firstHalfMedian()).isEqualTo(4_500);
        assertThat(verdict.toString()).startsWith("LAG GREW: 18000 records");
    }

    @Test
    void lagBelowOneSecondOfTrafficIsNoise() {
        LagVerdict verdict = LagVerdict.of(samples(10, second -> second < 9 ? 0 : 15), 10, 20);

        assertThat(verdict.grew()).as(verdict.toString()).isFalse();
    }

    @Test
    void samplesAfterTheLoadDoNotCount() {
        List<LagSampler.Sample> lag = new ArrayList<>(samples(10, second -> 5));
        lag.add(new LagSampler.Sample(30, Map.of("group", 90_000L)));

        assertThat(LagVerdict.of(lag, 10, 20).endLag()).isEqualTo(5);
    }

    private static List<LagSampler.Sample> samples(int seconds, IntToLongFunction lag) {
        List<LagSampler.Sample> samples = new ArrayList<>();
        for (int second = 0; second <= seconds; second++) {
            samples.add(new LagSampler.Sample(second, Map.of("group", lag.applyAsLong(second))));
        }
        return samples;
    }
}
