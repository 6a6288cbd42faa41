package io.homeostat.sim;

import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.core.entropy.EntropySensor;
import io.homeostat.sim.trace.TraceRecord;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Inter-arrival entropy along a trace, as {@code ./homeostat entropy} prints it: for every arrival
 * whose window of {@code n} arrivals is full, the line {@code index,H} with H to 12 decimals, where
 * index is the 0-based position of the window's last arrival in the stable time order.
 */
public final class EntropySeries {
    private EntropySeries() {
    }

    /** H for every full window of {@code sorted} (which must be in time order): entry k is index k + n - 1. */
    public static double[] compute(List<TraceRecord> sorted, EntropyConfig config) {
        int n = config.windowArrivals();
        EntropySensor sensor = new EntropySensor(config);
        double[] out = new double[Math.max(0, sorted.size() - n + 1)];
        long last = Long.MIN_VALUE;
        for (int i = 0; i < sorted.size(); i++) {
            long t = sorted.get(i).arrivalNs();
            if (t < last) {
                throw new IllegalArgumentException("records are not in time order at index " + i);
            }
            last = t;
            sensor.record(t);
            if (i >= n - 1) {
                out[i - n + 1] = sensor.entropyBits();
            }
        }
        return out;
    }

    /** Writes the {@code index,H} lines ({@code \n}-terminated) for {@code sorted}. */
    public static void write(List<TraceRecord> sorted, EntropyConfig config, Appendable out) throws IOException {
        double[] h = compute(sorted, config);
        int first = config.windowArrivals() - 1;
        StringBuilder line = new StringBuilder(32);
        for (int k = 0; k < h.length; k++) {
            line.setLength(0);
            line.append(first + k).append(',').append(String.format(Locale.ROOT, "%.12f", h[k])).append('\n');
            out.append(line);
        }
    }
}
