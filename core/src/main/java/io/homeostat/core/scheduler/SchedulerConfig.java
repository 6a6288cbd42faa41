package io.homeostat.core.scheduler;

import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.config.ConfigKeys;
import io.homeostat.core.control.ControllerConfig;
import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.core.policy.BatchLimits;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.queue.QueueConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link PoolScheduler} needs except its policy (which has its own settings, see
 * {@link BatchPolicies}).
 *
 * @param entropy            the sensor
 * @param queue              the aged queue
 * @param limits             per-batch limits
 * @param controller         the queueing controller
 * @param maxInFlightBatches batches cut but not completed after which no further batch is cut
 *                           until a completion arrives (0: no limit). Like Triton and Clipper,
 *                           a batch is formed when the worker can take it, so requests wait in the
 *                           priority queue, not in the worker's FIFO
 */
public record SchedulerConfig(EntropyConfig entropy, QueueConfig queue, BatchLimits limits,
                              ControllerConfig controller, int maxInFlightBatches) {

    public static final ConfigKey<Integer> MAX_IN_FLIGHT_BATCHES = ConfigKey.int32("scheduler.max.inflight.batches", 2,
        v -> v >= 0, ">= 0 (0 = no limit)",
        "batches cut but not yet completed after which the scheduler waits for a completion before cutting more");

    /** Every key of the scheduler and of every registered policy. */
    public static final List<ConfigKey<?>> KEYS;

    static {
        List<ConfigKey<?>> k = new ArrayList<>();
        k.addAll(EntropyConfig.KEYS);
        k.addAll(QueueConfig.KEYS);
        k.addAll(BatchLimits.KEYS);
        k.addAll(ControllerConfig.KEYS);
        k.add(MAX_IN_FLIGHT_BATCHES);
        KEYS = Collections.unmodifiableList(k);
    }

    public SchedulerConfig {
        MAX_IN_FLIGHT_BATCHES.check(maxInFlightBatches);
    }

    public static SchedulerConfig defaults() {
        return from(Map.of());
    }

    /** Reads every scheduler key from {@code settings}; missing keys take their defaults. */
    public static SchedulerConfig from(Map<String, String> settings) {
        return new SchedulerConfig(EntropyConfig.from(settings), QueueConfig.from(settings), BatchLimits.from(settings),
            ControllerConfig.from(settings), MAX_IN_FLIGHT_BATCHES.from(settings));
    }

    /** Scheduler keys plus all registered policies' keys: everything the core reads. */
    public static List<ConfigKey<?>> allKeys() {
        List<ConfigKey<?>> all = new ArrayList<>(KEYS);
        for (ConfigKey<?> k : BatchPolicies.allKeys()) {
            if (!all.contains(k)) {
                all.add(k);
            }
        }
        return all;
    }

    /**
     * Fails on a setting that looks like a core setting (its prefix is one of the core's) but is
     * not one: a typo must not fall back to a default silently.
     */
    public static void rejectUnknown(Map<String, String> settings) {
        ConfigKeys.rejectUnknown(settings, allKeys(), "entropy.", "window.", "queue.", "batch.", "controller.",
            "scheduler.", "policy.");
    }

    public SchedulerConfig withMaxInFlightBatches(int n) {
        return new SchedulerConfig(entropy, queue, limits, controller, n);
    }
}
