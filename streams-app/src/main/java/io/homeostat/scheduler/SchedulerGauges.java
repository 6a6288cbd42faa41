package io.homeostat.scheduler;

import io.homeostat.core.scheduler.StabilityState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The latest {@link StabilityState} of each pool as Micrometer gauges, tagged {@code pool}, with
 * the seed's metric names (DESIGN.md section 3). The metrics punctuator updates them; the
 * Prometheus endpoint reads them. Booleans are 0/1; {@code regime} is the ordinal of
 * STABLE (0), TRANSITION (1), CRITICAL_BURST (2). Shared by every stream task of the instance.
 */
public final class SchedulerGauges {
    /** Gauge names, in the order they are registered. */
    public static final List<String> NAMES = List.of("queueing_lambda", "queueing_mu", "queueing_rho",
        "queueing_is_stable", "queueing_lambda_critical", "queueing_minimum_stable_blocks",
        "queueing_stability_margin_pct", "entropy_bits", "adaptive_window_ms", "regime", "queue_depth", "jain_fairness");

    private final MeterRegistry registry;
    private final Map<String, PoolGauges> pools = new ConcurrentHashMap<>();

    public SchedulerGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Publishes {@code s} as its pool's current values (registers the pool's gauges the first time). */
    public void update(StabilityState s) {
        pools.computeIfAbsent(s.pool(), PoolGauges::new).latest.set(s);
    }

    /** Removes a pool's gauges (its task moved to another instance). */
    public void remove(String pool) {
        PoolGauges g = pools.remove(pool);
        if (g != null) {
            g.meters.forEach(registry::remove);
        }
    }

    private final class PoolGauges {
        final AtomicReference<StabilityState> latest = new AtomicReference<>();
        final List<Meter> meters = new ArrayList<>();

        PoolGauges(String pool) {
            gauge(pool, "queueing_lambda", "arrival rate, requests/s", StabilityState::queueingLambda);
            gauge(pool, "queueing_mu", "batched capacity mu_max, requests/s", StabilityState::queueingMu);
            gauge(pool, "queueing_rho", "utilisation lambda / mu", StabilityState::queueingRho);
            gauge(pool, "queueing_is_stable", "1 when rho < 1 and free blocks >= the floor",
                s -> s.queueingIsStable() ? 1 : 0);
            gauge(pool, "queueing_lambda_critical", "arrival rate the free KV blocks sustain, requests/s",
                StabilityState::queueingLambdaCritical);
            gauge(pool, "queueing_minimum_stable_blocks", "free KV blocks the pool must keep",
                StabilityState::queueingMinimumStableBlocks);
            gauge(pool, "queueing_stability_margin_pct", "100 (1 - rho)", StabilityState::queueingStabilityMarginPct);
            gauge(pool, "entropy_bits", "inter-arrival entropy H, bits", StabilityState::entropyBits);
            gauge(pool, "adaptive_window_ms", "batching window in force, ms", StabilityState::adaptiveWindowMs);
            gauge(pool, "regime", "0 STABLE, 1 TRANSITION, 2 CRITICAL_BURST", s -> s.regime().ordinal());
            gauge(pool, "queue_depth", "requests queued", StabilityState::queueDepth);
            gauge(pool, "jain_fairness", "Jain's index over tenants in the last interval", StabilityState::jainFairness);
        }

        private void gauge(String pool, String name, String doc, ToDoubleFunction<StabilityState> f) {
            meters.add(Gauge.builder(name, latest, ref -> {
                StabilityState s = ref.get();
                return s == null ? Double.NaN : f.applyAsDouble(s);
            }).description(doc).tag("pool", pool).register(registry));
        }
    }
}
