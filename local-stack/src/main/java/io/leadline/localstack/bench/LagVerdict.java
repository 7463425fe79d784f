package io.leadline.localstack.bench;

import java.util.List;

/**
 * Whether consumer lag grew during the load: the lag at the end of the load against its median over the load's first
 * half. Lag that keeps up wobbles around a level; lag that cannot keep up ends far above where it started. Anything
 * under one second of traffic ({@code rate} records) is noise, not growth.
 *
 * @param endLag          total lag of all groups at the last sample within the load
 * @param firstHalfMedian the median total lag over the samples of the load's first half
 * @param limit           the end lag above which the lag grew: twice the first-half median, at least {@code rate}
 */
record LagVerdict(long endLag, long firstHalfMedian, long limit, int samples) {

    static LagVerdict of(List<LagSampler.Sample> lag, double loadSeconds, int rate) {
        List<Long> firstHalf = lag.stream().filter(sample -> sample.atSeconds() <= loadSeconds / 2)
                .map(LagSampler.Sample::total).sorted().toList();
        long median = firstHalf.isEmpty() ? 0 : firstHalf.get(firstHalf.size() / 2);
        long end = lag.stream().filter(sample -> sample.atSeconds() <= loadSeconds).reduce((a, b) -> b)
                .map(LagSampler.Sample::total).orElse(0L);
        return new LagVerdict(end, median, Math.max(2 * median, rate), firstHalf.size());
    }

    boolean grew() {
        return endLag > limit;
    }

    /** Too few samples in the first half to call it either way. */
    boolean undecided() {
        return samples < 2;
    }

    @Override
    public String toString() {
        String figures = String.format("%d records at the end of the load, first-half median %d (limit %d)", endLag,
                firstHalfMedian, limit);
        if (undecided()) {
            return "lag verdict: undecided, " + samples + " sample(s) in the first half; " + figures;
        }
        return (grew() ? "LAG GREW: " : "lag did not grow: ") + figures;
    }
}
