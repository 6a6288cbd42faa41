package io.homeostat.core.policy;

import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * Hard limits of one batch, whatever the policy: at most {@code maxRequests} requests and
 * {@code maxTokens} tokens (prompt + max new). The KV-block budget comes from the controller.
 *
 * @param maxRequests B_max
 * @param maxTokens   token cap; a request with more tokens than this can never run and is rejected
 */
public record BatchLimits(int maxRequests, long maxTokens) {

    public static final ConfigKey<Integer> MAX_REQUESTS = ConfigKey.int32("batch.max.requests", 32,
        v -> v >= 1 && v <= 1_000_000, "in [1, 1000000]", "most requests in one batch (B_max)");
    public static final ConfigKey<Long> MAX_TOKENS = ConfigKey.int64("batch.max.tokens", 131_072L,
        v -> v >= 1, ">= 1", "most tokens (prompt + max new, summed) in one batch");

    public static final List<ConfigKey<?>> KEYS = List.of(MAX_REQUESTS, MAX_TOKENS);

    public BatchLimits {
        MAX_REQUESTS.check(maxRequests);
        MAX_TOKENS.check(maxTokens);
    }

    public static BatchLimits defaults() {
        return from(Map.of());
    }

    public static BatchLimits from(Map<String, String> settings) {
        return new BatchLimits(MAX_REQUESTS.from(settings), MAX_TOKENS.from(settings));
    }
}
