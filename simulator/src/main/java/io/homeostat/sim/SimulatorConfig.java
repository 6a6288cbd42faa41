package io.homeostat.sim;

import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * Settings of a simulation run (the scheduler's own settings come from the same map).
 *
 * @param speed             trace speed-up: every gap is divided by it
 * @param seed              seed of the tenant and bid assignment
 * @param sloMs             end-to-end latency objective for SLO attainment
 * @param tickMs            the punctuator's period: decisions happen on this grid (0: exactly when due)
 * @param metricsIntervalMs metrics snapshot interval (fairness is averaged over these intervals)
 * @param workerKvBlocks    KV blocks in the simulated worker's pool
 * @param service           the service-time model
 */
public record SimulatorConfig(double speed, long seed, double sloMs, double tickMs, double metricsIntervalMs,
                              int workerKvBlocks, ServiceModel service) {

    public static final ConfigKey<Double> SPEED = ConfigKey.decimal("sim.speed", 1.0, v -> v > 0 && v <= 1e6,
        "in (0, 1e6]", "trace speed-up factor: gaps are divided by it");
    public static final ConfigKey<Long> SEED = ConfigKey.int64("sim.seed", 42L, v -> true, "any integer",
        "seed of the tenant and bid assignment for records without them");
    public static final ConfigKey<Double> SLO_MS = ConfigKey.decimal("sim.slo.ms", 2000.0, v -> v > 0, "> 0",
        "end-to-end latency objective for SLO attainment, ms");
    public static final ConfigKey<Double> TICK_MS = ConfigKey.decimal("sim.tick.ms", 1.0, v -> v >= 0, ">= 0",
        "punctuator period: batches are cut on this time grid (0 = exactly when due), ms");
    public static final ConfigKey<Double> METRICS_INTERVAL_MS = ConfigKey.decimal("sim.metrics.interval.ms", 1000.0,
        v -> v >= 1, ">= 1", "metrics snapshot interval, ms");
    public static final ConfigKey<Integer> WORKER_KV_BLOCKS = ConfigKey.int32("sim.worker.kv.blocks", 65_536,
        v -> v >= 1, ">= 1", "KV-cache blocks in the simulated worker's pool");
    public static final List<ConfigKey<?>> KEYS = List.of(SPEED, SEED, SLO_MS, TICK_MS, METRICS_INTERVAL_MS,
        WORKER_KV_BLOCKS, ServiceModel.A_MS, ServiceModel.B_MS, ServiceModel.C_MS_PER_TOKEN);

    public SimulatorConfig {
        SPEED.check(speed);
        SLO_MS.check(sloMs);
        TICK_MS.check(tickMs);
        METRICS_INTERVAL_MS.check(metricsIntervalMs);
        WORKER_KV_BLOCKS.check(workerKvBlocks);
    }

    public static SimulatorConfig from(Map<String, String> s) {
        return new SimulatorConfig(SPEED.from(s), SEED.from(s), SLO_MS.from(s), TICK_MS.from(s),
            METRICS_INTERVAL_MS.from(s), WORKER_KV_BLOCKS.from(s), ServiceModel.from(s));
    }

    public SimulatorConfig withSpeed(double newSpeed) {
        return new SimulatorConfig(newSpeed, seed, sloMs, tickMs, metricsIntervalMs, workerKvBlocks, service);
    }
}
