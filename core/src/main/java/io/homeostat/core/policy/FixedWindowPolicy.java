package io.homeostat.core.policy;

import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.time.Durations;
import java.util.List;
import java.util.Map;

/**
 * The baseline: a constant window. Cut when the oldest request has waited {@code window.ms}, or
 * when the batch is full. Its default equals the entropy policy's {@code w_base}, so the pair
 * isolates what the entropy law changes.
 */
public final class FixedWindowPolicy implements BatchPolicy {
    public static final String NAME = "fixed";
    public static final ConfigKey<Double> WINDOW_MS = ConfigKey.decimal("policy.fixed.window.ms", 50.0,
        v -> v >= 0, ">= 0", "constant batching window of the fixed policy, milliseconds");
    public static final List<ConfigKey<?>> KEYS = List.of(WINDOW_MS);

    private final long windowNs;

    public FixedWindowPolicy(double windowMs) {
        this.windowNs = Durations.msToNanos(WINDOW_MS.check(windowMs));
    }

    public static FixedWindowPolicy from(Map<String, String> settings) {
        return new FixedWindowPolicy(WINDOW_MS.from(settings));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CutDecision decide(PolicyInput in) {
        return CutRules.windowed(in, in.limits().maxRequests(), windowNs);
    }

    @Override
    public long windowNs(PolicyInput in) {
        return windowNs;
    }
}
