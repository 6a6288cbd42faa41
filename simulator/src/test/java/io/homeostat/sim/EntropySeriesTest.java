package io.homeostat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.TraceRecord;
import io.homeostat.sim.trace.Traces;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntropySeriesTest {
    private static final EntropyConfig DEFAULT = EntropyConfig.defaults();

    /** Textbook H over the window ending at {@code last}, recomputed from scratch. */
    private static double naive(List<TraceRecord> sorted, int last, int n, long bin) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = last - n + 2; i <= last; i++) {
            counts.merge((sorted.get(i).arrivalNs() - sorted.get(i - 1).arrivalNs()) / bin, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = c / (double) (n - 1);
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    @Test
    void linesAreIndexCommaEntropyWithTwelveDecimals() throws IOException {
        List<TraceRecord> r = List.of(TraceRecord.basic(0, 1, 0, 1, 1), TraceRecord.basic(1, 2, 1_000_000, 1, 1),
            TraceRecord.basic(2, 3, 3_000_000, 1, 1), TraceRecord.basic(3, 4, 3_000_000, 1, 1));
        StringBuilder out = new StringBuilder();
        EntropySeries.write(r, DEFAULT.withWindow(3, 1_000_000), out);
        assertEquals("2,1.000000000000\n3,1.000000000000\n", out.toString());
    }

    @Test
    void azureTraceMatchesItsReadmeAndTheTextbookFormula() throws IOException {
        List<TraceRecord> sorted = Traces.load(SharedTraces.require(SharedTraces.AZURE), TraceFormat.AZURE).sortedByArrival();
        double[] h = EntropySeries.compute(sorted, DEFAULT);
        assertEquals(8_819 - 49, h.length);
        for (int k = 0; k < h.length; k += 97) {
            assertEquals(naive(sorted, k + 49, 50, 1_000_000), h[k], 1e-12, "window ending at " + (k + 49));
        }
        double[] s = h.clone();
        Arrays.sort(s);
        // README: "ranges 2.71-5.57 bits, median 4.55"
        assertEquals(2.71, s[0], 0.005);
        assertEquals(5.57, s[s.length - 1], 0.005);
        assertEquals(4.55, s[s.length / 2], 0.005);
    }

    @Test
    void mooncakeTraceMatchesItsReadme() throws IOException {
        List<TraceRecord> sorted = Traces.load(SharedTraces.require(SharedTraces.MOONCAKE), TraceFormat.MOONCAKE)
            .sortedByArrival();
        double[] h = EntropySeries.compute(sorted, DEFAULT);
        double min = Arrays.stream(h).min().orElseThrow();
        double max = Arrays.stream(h).max().orElseThrow();
        // README: "Entropy 0.25-0.90 bits"
        assertEquals(0.25, min, 0.005);
        assertEquals(0.90, max, 0.005);
        assertTrue(h.length == 12_031 - 49);
    }
}
