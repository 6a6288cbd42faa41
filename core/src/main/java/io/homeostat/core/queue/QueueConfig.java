package io.homeostat.core.queue;

import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@link AgedPriorityQueue}.
 *
 * @param alphaPerSecond aging rate: bid units gained per second of waiting
 *                       ({@code P_eff = bid + alpha * wait})
 * @param maxRequests    queue bound; past it the lowest effective priority is shed
 */
public record QueueConfig(double alphaPerSecond, int maxRequests) {

    public static final ConfigKey<Double> ALPHA_PER_S = ConfigKey.decimal("queue.aging.alpha.per.s", 1.0,
        v -> v >= 0 && v <= 1e9, "in [0, 1e9]", "aging rate alpha in P_eff = bid + alpha * wait, bid units per second");
    public static final ConfigKey<Integer> MAX_REQUESTS = ConfigKey.int32("queue.max.requests", 100_000,
        v -> v >= 1, ">= 1", "queue bound per pool; beyond it the lowest effective priority is shed (REJECTED)");

    public static final List<ConfigKey<?>> KEYS = List.of(ALPHA_PER_S, MAX_REQUESTS);

    public QueueConfig {
        ALPHA_PER_S.check(alphaPerSecond);
        MAX_REQUESTS.check(maxRequests);
    }

    public static QueueConfig defaults() {
        return from(Map.of());
    }

    public static QueueConfig from(Map<String, String> settings) {
        return new QueueConfig(ALPHA_PER_S.from(settings), MAX_REQUESTS.from(settings));
    }
}
