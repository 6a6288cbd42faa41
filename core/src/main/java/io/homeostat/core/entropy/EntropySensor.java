package io.homeostat.core.entropy;

import io.homeostat.core.internal.LongIntCounter;
import java.util.Arrays;

/**
 * Shannon entropy of the binned inter-arrival gaps of the last {@code n} arrivals.
 *
 * <h2>Why and how</h2>
 * The seed's sensor recomputes {@code H = -sum p_i log2 p_i} over the window for every arrival:
 * O(n) per arrival. Here the window is a ring of the last {@code n - 1} gaps, each bin's count
 * lives in a small open-addressing map, and the sum {@code S = sum c log2 c} over the bin counts
 * is updated in O(1) when one count moves by one. With {@code N} gaps in the window,
 * <pre>
 *   H = -sum (c/N) log2 (c/N) = log2 N - S / N
 * </pre>
 * (DESIGN.md section 3). To keep the running sum from drifting over billions of updates, S is
 * kept as an exact integer in fixed point: the table {@code T[c] = round(c log2 c * 2^k)} is
 * fixed, and S is a sum of table entries, so the incremental S equals the from-scratch S
 * bit for bit; {@code k} is chosen as large as a {@code long} allows (53 bits for n = 50), so H
 * carries double precision. H is exactly 0 when all gaps share a bin and exactly
 * {@code log2 N} when all differ; otherwise it is clamped into {@code [0, log2 N]}.
 *
 * <p>Gaps are exact integer nanoseconds; a bin is {@code floor(gap / binNs)}. An arrival earlier
 * than the previous one (out-of-order input) counts as a gap of 0. Before the window is full, H
 * is computed over the gaps seen so far (0 with fewer than two gaps): see {@link #isFull()}.
 *
 * <p>Not thread-safe: one sensor per pool, owned by one thread (a stream task).
 */
public final class EntropySensor {
    /** Current version of {@link State}. */
    public static final int STATE_VERSION = 1;
    /** {@link State#lastArrivalNs()} when nothing has arrived yet. */
    public static final long NO_ARRIVAL = Long.MIN_VALUE;

    private final EntropyConfig config;
    private final int capacity;          // n - 1 gaps
    private final long[] gapNs;          // ring of raw gaps (kept for state export and re-binning)
    private final long[] gapBin;         // ring of their bins
    private final long[] cLogC;          // T[c] = round(c log2 c * 2^k), c in [0, capacity]
    private final double[] log2;         // log2 N, N in [0, capacity]
    private final double scale;          // 2^-k
    private final LongIntCounter counts;
    private int head;                    // index of the oldest gap
    private int gaps;                    // gaps in the window
    private long sum;                    // S in fixed point
    private long lastArrivalNs = NO_ARRIVAL;
    private long arrivals;

    public EntropySensor(EntropyConfig config) {
        this.config = config;
        this.capacity = config.gapCapacity();
        this.gapNs = new long[capacity];
        this.gapBin = new long[capacity];
        this.counts = new LongIntCounter(capacity);
        double maxSum = capacity * (Math.log(capacity) / Math.log(2));
        int k = 62 - (int) Math.ceil(Math.log(maxSum + 1) / Math.log(2));
        this.scale = Math.scalb(1.0, -k);
        this.cLogC = new long[capacity + 1];
        this.log2 = new double[capacity + 1];
        for (int c = 1; c <= capacity; c++) {
            double bits = Math.log(c) / Math.log(2);
            log2[c] = bits;
            cLogC[c] = Math.round(Math.scalb(c * bits, k));
        }
    }

    public EntropyConfig config() {
        return config;
    }

    /** Records an arrival at {@code arrivalNs}. O(1), allocation-free. */
    public void record(long arrivalNs) {
        arrivals++;
        long last = lastArrivalNs;
        lastArrivalNs = Math.max(arrivalNs, last == NO_ARRIVAL ? arrivalNs : last);
        if (last == NO_ARRIVAL) {
            return;
        }
        long gap = arrivalNs - last;
        addGap(gap > 0 ? gap : 0);
    }

    private void addGap(long gap) {
        long bin = gap / config.binNs();
        int slot;
        if (gaps == capacity) {
            slot = head;
            head = head + 1 == capacity ? 0 : head + 1;
            int before = counts.decrement(gapBin[slot]);
            sum += cLogC[before - 1] - cLogC[before];
        } else {
            slot = head + gaps < capacity ? head + gaps : head + gaps - capacity;
            gaps++;
        }
        gapNs[slot] = gap;
        gapBin[slot] = bin;
        int before = counts.increment(bin);
        sum += cLogC[before + 1] - cLogC[before];
    }

    /** H in bits over the gaps in the window; in {@code [0, log2(gaps)]}. */
    public double entropyBits() {
        int n = gaps;
        int distinct = counts.size();
        if (distinct <= 1) {
            return 0.0;
        }
        if (distinct == n) {
            return log2[n];
        }
        double h = log2[n] - (sum * scale) / n;
        return h < 0 ? 0.0 : Math.min(h, log2[n]);
    }

    public Regime regime() {
        return Regime.of(entropyBits(), config);
    }

    /** Whether the window holds all {@code n - 1} gaps (n arrivals). */
    public boolean isFull() {
        return gaps == capacity;
    }

    /** Gaps currently in the window. */
    public int gaps() {
        return gaps;
    }

    /** Distinct bins among the gaps in the window. */
    public int distinctBins() {
        return counts.size();
    }

    /** Arrivals recorded since creation or restore (including those before a restore's window). */
    public long arrivals() {
        return arrivals;
    }

    /** The latest arrival time seen, or {@link #NO_ARRIVAL}. */
    public long lastArrivalNs() {
        return lastArrivalNs;
    }

    /** The window's gaps in nanoseconds, oldest first (a copy). */
    public long[] gapsNs() {
        long[] out = new long[gaps];
        for (int i = 0; i < gaps; i++) {
            int j = head + i;
            out[i] = gapNs[j < capacity ? j : j - capacity];
        }
        return out;
    }

    /** The sensor's state, compact and versioned, for a state store. */
    public State exportState() {
        return new State(STATE_VERSION, lastArrivalNs, arrivals, gapsNs());
    }

    /**
     * Replaces this sensor's window with {@code state}'s. The state keeps raw gaps, so it restores
     * into a sensor with another bin width or window size (the newest gaps that fit are kept).
     */
    public void restore(State state) {
        if (state.version() != STATE_VERSION) {
            throw new IllegalArgumentException("entropy sensor state version " + state.version()
                + " is not readable by this build (reads " + STATE_VERSION + ")");
        }
        counts.clear();
        head = 0;
        gaps = 0;
        sum = 0;
        long[] g = state.gapsNs();
        for (int i = Math.max(0, g.length - capacity); i < g.length; i++) {
            if (g[i] < 0) {
                throw new IllegalArgumentException("negative gap in entropy sensor state: " + g[i]);
            }
            addGap(g[i]);
        }
        lastArrivalNs = state.lastArrivalNs();
        arrivals = state.arrivals();
    }

    /**
     * What an {@link EntropySensor} needs to resume: the window's raw gaps (oldest first), the last
     * arrival and the arrival count.
     *
     * @param version       {@link #STATE_VERSION} when written by this build
     * @param lastArrivalNs latest arrival, or {@link #NO_ARRIVAL}
     * @param arrivals      arrivals recorded so far
     * @param gapsNs        the window's gaps, oldest first, at most {@code n - 1}
     */
    public record State(int version, long lastArrivalNs, long arrivals, long[] gapsNs) {
        public State {
            gapsNs = gapsNs.clone();
        }

        @Override
        public long[] gapsNs() {
            return gapsNs.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.version == version && s.lastArrivalNs == lastArrivalNs
                && s.arrivals == arrivals && Arrays.equals(s.gapsNs, gapsNs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(gapsNs) * 31 + Long.hashCode(lastArrivalNs);
        }

        @Override
        public String toString() {
            return "EntropySensor.State[v" + version + ", last=" + lastArrivalNs + ", arrivals=" + arrivals
                + ", gaps=" + gapsNs.length + "]";
        }
    }
}
