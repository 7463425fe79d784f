package io.leadline.localstack.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies in microseconds, nearest-rank. */
record Stats(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static Stats ofMicros(long[] micros) {
        if (micros.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000.0;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms", count, p50Ms, p95Ms, p99Ms, maxMs);
    }
}
