package io.homeostat.core.policy;

import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.time.Durations;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Triton Inference Server's dynamic batcher (model configuration {@code dynamic_batching}:
 * {@code preferred_batch_size}, {@code max_queue_delay_microseconds}): when the queue holds a full
 * batch, cut it; otherwise, if a preferred size can be formed, cut the largest one; otherwise wait
 * until the oldest request has been delayed {@code max_queue_delay}, then cut what there is.
 * With no preferred sizes it forms the largest batch possible once the delay expires.
 */
public final class TritonPolicy implements BatchPolicy {
    public static final String NAME = "triton";
    public static final ConfigKey<Double> MAX_QUEUE_DELAY_MS = ConfigKey.decimal("policy.triton.max.queue.delay.ms",
        10.0, v -> v >= 0, ">= 0", "Triton max_queue_delay: longest a request waits for a preferred size, ms");
    public static final ConfigKey<int[]> PREFERRED_SIZES = ConfigKey.intList("policy.triton.preferred.sizes",
        new int[] {8, 16, 32}, v -> Arrays.stream(v).allMatch(s -> s >= 1), "a list of sizes >= 1 (may be empty)",
        "Triton preferred_batch_size values");
    public static final List<ConfigKey<?>> KEYS = List.of(MAX_QUEUE_DELAY_MS, PREFERRED_SIZES);

    private final long delayNs;
    private final int[] preferredDescending;

    public TritonPolicy(double maxQueueDelayMs, int[] preferredSizes) {
        this.delayNs = Durations.msToNanos(MAX_QUEUE_DELAY_MS.check(maxQueueDelayMs));
        int[] sorted = PREFERRED_SIZES.check(preferredSizes).clone();
        Arrays.sort(sorted);
        int[] desc = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            desc[i] = sorted[sorted.length - 1 - i];
        }
        this.preferredDescending = desc;
    }

    public static TritonPolicy from(Map<String, String> settings) {
        return new TritonPolicy(MAX_QUEUE_DELAY_MS.from(settings), PREFERRED_SIZES.from(settings));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CutDecision decide(PolicyInput in) {
        int max = in.limits().maxRequests();
        int size = in.queueSize();
        if (size > 0 && CutRules.full(in, max) == null) {
            for (int p : preferredDescending) {
                if (p <= size && p <= max) {
                    return CutDecision.cut(p, CutReason.PREFERRED_SIZE, Math.min(in.nowNs(), in.latestArrivalNs()), delayNs);
                }
            }
        }
        return CutRules.windowed(in, max, delayNs);
    }

    @Override
    public long windowNs(PolicyInput in) {
        return delayNs;
    }
}
