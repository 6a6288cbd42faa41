package io.homeostat.kafka.registry;

/**
 * Exponential backoff for registry calls: attempt 1 runs at once, attempt n+1 waits
 * {@code min(initialBackoffMs * 2^(n-1), maxBackoffMs)}.
 */
public record RetryPolicy(int maxAttempts, long initialBackoffMs, long maxBackoffMs) {
    public RetryPolicy {
        if (maxAttempts < 1 || initialBackoffMs < 0 || maxBackoffMs < 0) {
            throw new IllegalArgumentException("bad retry policy: " + maxAttempts + " attempts, "
                + initialBackoffMs + "/" + maxBackoffMs + " ms");
        }
    }

    /** Wait before attempt {@code attempt} (2..maxAttempts), ms. */
    public long backoffBefore(int attempt) {
        int doublings = Math.min(Math.max(attempt - 2, 0), 30);
        return Math.min(initialBackoffMs << doublings, maxBackoffMs);
    }
}
