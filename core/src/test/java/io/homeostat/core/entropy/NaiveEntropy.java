package io.homeostat.core.entropy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reference model: the textbook formula over the last n arrivals, recomputed from scratch. */
final class NaiveEntropy {
    private NaiveEntropy() {
    }

    /** H of the gaps between consecutive entries of the last {@code n} arrivals (sorted input). */
    static double of(List<Long> arrivals, int n, long binNs) {
        int from = Math.max(0, arrivals.size() - n);
        Map<Long, Integer> counts = new HashMap<>();
        int total = 0;
        for (int i = from + 1; i < arrivals.size(); i++) {
            long gap = Math.max(0, arrivals.get(i) - arrivals.get(i - 1));
            counts.merge(gap / binNs, 1, Integer::sum);
            total++;
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = c / (double) total;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
