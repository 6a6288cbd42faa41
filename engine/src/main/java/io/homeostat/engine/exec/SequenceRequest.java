package io.homeostat.engine.exec;

import java.util.Objects;

/**
 * One sequence to generate.
 *
 * @param requestId      the request's id (also seeds sampling)
 * @param prompt         prompt token ids, BOS included when wanted; non-empty
 * @param maxNewTokens   tokens to generate at most; &gt;= 1
 * @param temperature    0 for greedy (argmax), else softmax temperature
 * @param seed           sampling seed (used when temperature &gt; 0)
 * @param cacheNamespace prefix-cache namespace (the agent id); null disables prefix caching
 */
public record SequenceRequest(String requestId, int[] prompt, int maxNewTokens, float temperature, long seed,
                              String cacheNamespace) {
    public SequenceRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(prompt, "prompt");
        if (prompt.length == 0) {
            throw new IllegalArgumentException(requestId + ": empty prompt");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException(requestId + ": maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(requestId + ": temperature must be finite and >= 0, got " + temperature);
        }
    }

    public static SequenceRequest greedy(String id, int[] prompt, int maxNewTokens) {
        return new SequenceRequest(id, prompt, maxNewTokens, 0f, 0L, null);
    }
}
