package io.homeostat.core.entropy;

import io.homeostat.core.config.ConfigException;
import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.time.Durations;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@link EntropySensor}.
 *
 * @param windowArrivals  arrivals in the sliding window ({@code n}); the window holds n - 1 gaps
 * @param binNs           gap bin width in nanoseconds: a gap falls in bin {@code floor(gap / binNs)}
 * @param stableBelowBits H below this is {@link Regime#STABLE}
 * @param burstAboveBits  H above this is {@link Regime#CRITICAL_BURST}
 */
public record EntropyConfig(int windowArrivals, long binNs, double stableBelowBits, double burstAboveBits) {

    public static final ConfigKey<Integer> WINDOW_ARRIVALS = ConfigKey.int32("entropy.window.arrivals", 50,
        v -> v >= 3 && v <= 100_000, "in [3, 100000]", "arrivals in the entropy sensor's sliding window (n; n-1 gaps)");
    public static final ConfigKey<Double> BIN_MS = ConfigKey.decimal("entropy.bin.ms", 1.0,
        v -> v >= 1e-6, ">= 0.000001 (1 ns)", "width of an inter-arrival gap bin, milliseconds");
    public static final ConfigKey<Double> STABLE_BELOW_BITS = ConfigKey.decimal("entropy.stable.below.bits", 1.5,
        v -> v >= 0, ">= 0", "H below this many bits is the STABLE regime");
    public static final ConfigKey<Double> BURST_ABOVE_BITS = ConfigKey.decimal("entropy.burst.above.bits", 2.5,
        v -> v >= 0, ">= 0", "H above this many bits is the CRITICAL_BURST regime");

    public static final List<ConfigKey<?>> KEYS = List.of(WINDOW_ARRIVALS, BIN_MS, STABLE_BELOW_BITS, BURST_ABOVE_BITS);

    public EntropyConfig {
        WINDOW_ARRIVALS.check(windowArrivals);
        if (binNs < 1) {
            throw new ConfigException(BIN_MS.name() + " must be at least 1 ns, got " + binNs + " ns");
        }
        STABLE_BELOW_BITS.check(stableBelowBits);
        BURST_ABOVE_BITS.check(burstAboveBits);
        if (stableBelowBits > burstAboveBits) {
            throw ConfigException.conflict(STABLE_BELOW_BITS.name() + " (" + stableBelowBits + ") > "
                + BURST_ABOVE_BITS.name() + " (" + burstAboveBits + "): the TRANSITION band would be negative");
        }
    }

    public static EntropyConfig defaults() {
        return from(Map.of());
    }

    public static EntropyConfig from(Map<String, String> settings) {
        return new EntropyConfig(WINDOW_ARRIVALS.from(settings), Durations.msToNanos(BIN_MS.from(settings)),
            STABLE_BELOW_BITS.from(settings), BURST_ABOVE_BITS.from(settings));
    }

    /** Same thresholds, another window and bin (e.g. for the {@code entropy} command's flags). */
    public EntropyConfig withWindow(int arrivals, long binNanos) {
        return new EntropyConfig(arrivals, binNanos, stableBelowBits, burstAboveBits);
    }

    /** Gaps in a full window: n - 1. */
    public int gapCapacity() {
        return windowArrivals - 1;
    }
}
