package io.homeostat.core.policy;

import io.homeostat.core.config.ConfigException;
import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.time.Durations;
import java.util.List;
import java.util.Map;

/**
 * Clipper's adaptive batching (Crankshaw et al., "Clipper: A Low-Latency Online Prediction
 * Serving System", NSDI 2017, section 4.3): additive-increase / multiplicative-decrease of the
 * batch size cap against a latency objective. Each completed batch whose service time stayed
 * within the SLO raises the cap by a step; one that exceeded it cuts the cap by a factor
 * (Clipper backs off by 10 %). One refinement: only a batch that filled the cap raises it, so a
 * lightly loaded pool does not grow a cap it never tested. Batches are dispatched as soon as the cap is reached or the oldest
 * request has waited {@code max.wait} (0 by default: Clipper sends what is queued when the model
 * is free), limited to the current cap.
 */
public final class AimdPolicy implements BatchPolicy {
    public static final String NAME = "aimd";
    public static final int STATE_VERSION = 1;
    public static final ConfigKey<Double> SLO_MS = ConfigKey.decimal("policy.aimd.slo.ms", 1000.0,
        v -> v > 0, "> 0", "latency objective a batch's service time must meet, ms");
    public static final ConfigKey<Double> STEP = ConfigKey.decimal("policy.aimd.additive.step", 1.0,
        v -> v > 0, "> 0", "batch cap increase after a batch within the SLO, requests");
    public static final ConfigKey<Double> DECREASE = ConfigKey.decimal("policy.aimd.decrease.factor", 0.9,
        v -> v > 0 && v < 1, "in (0, 1)", "batch cap multiplier after a batch over the SLO");
    public static final ConfigKey<Integer> INITIAL = ConfigKey.int32("policy.aimd.initial.batch", 1,
        v -> v >= 1, ">= 1", "batch cap before any completion, requests");
    public static final ConfigKey<Double> MAX_WAIT_MS = ConfigKey.decimal("policy.aimd.max.wait.ms", 0.0,
        v -> v >= 0, ">= 0", "longest the oldest request waits for the cap to fill, ms");
    public static final List<ConfigKey<?>> KEYS = List.of(SLO_MS, STEP, DECREASE, INITIAL, MAX_WAIT_MS);

    private final long sloNs;
    private final double step;
    private final double decrease;
    private final long maxWaitNs;
    private double cap;

    public AimdPolicy(double sloMs, double step, double decreaseFactor, int initialBatch, double maxWaitMs) {
        this.sloNs = Durations.msToNanos(SLO_MS.check(sloMs));
        this.step = STEP.check(step);
        this.decrease = DECREASE.check(decreaseFactor);
        this.cap = INITIAL.check(initialBatch);
        this.maxWaitNs = Durations.msToNanos(MAX_WAIT_MS.check(maxWaitMs));
        if (maxWaitMs >= sloMs) {
            throw ConfigException.conflict(MAX_WAIT_MS.name() + " (" + maxWaitMs + ") >= " + SLO_MS.name() + " ("
                + sloMs + "): waiting that long alone breaks the objective");
        }
    }

    public static AimdPolicy from(Map<String, String> s) {
        return new AimdPolicy(SLO_MS.from(s), STEP.from(s), DECREASE.from(s), INITIAL.from(s), MAX_WAIT_MS.from(s));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The current cap, whole requests, within [1, B_max]. */
    public int cap(BatchLimits limits) {
        return (int) Math.max(1, Math.min(limits.maxRequests(), Math.floor(cap)));
    }

    @Override
    public CutDecision decide(PolicyInput in) {
        return CutRules.windowed(in, cap(in.limits()), maxWaitNs);
    }

    @Override
    public long windowNs(PolicyInput in) {
        return maxWaitNs;
    }

    @Override
    public void onCompletion(int batchSize, long serviceNs) {
        if (serviceNs > sloNs) {
            cap = Math.max(1, cap * decrease);
        } else if (batchSize >= Math.floor(cap)) { // only a batch that used the cap says the cap can grow
            cap = Math.min(1_000_000, cap + step);
        }
    }

    @Override
    public PolicyState exportState() {
        return new PolicyState(NAME, STATE_VERSION, new double[] {cap});
    }

    @Override
    public void restore(PolicyState state) {
        state.requirePolicy(NAME);
        if (state.version() != STATE_VERSION || state.values().length != 1) {
            throw new IllegalArgumentException("aimd state version " + state.version() + " is not readable (reads "
                + STATE_VERSION + ")");
        }
        cap = Math.max(1, state.values()[0]);
    }
}
