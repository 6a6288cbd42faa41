package io.homeostat.sim;

import java.util.Arrays;

/** Nearest-rank percentiles: the smallest value with at least p % of the data at or below it. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] values, int n) {
        this.sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
    }

    /** The p-th percentile (0 &lt; p &lt;= 100), or NaN without data. */
    double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }
}
