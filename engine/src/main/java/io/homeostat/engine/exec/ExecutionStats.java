package io.homeostat.engine.exec;

/**
 * Measured cost of one batch.
 *
 * @param prefillTokens  prompt tokens computed (prefix-cache hits excluded)
 * @param decodeTokens   tokens generated
 * @param prefillNanos   time in prefill forward passes
 * @param decodeNanos    time in decode forward passes and sampling
 * @param decodeSteps    decode forward passes
 * @param peakBlocks     KV blocks held by the batch at its peak
 * @param evictedBlocks  prefix-cache blocks evicted for this batch
 */
public record ExecutionStats(long prefillTokens, long decodeTokens, long prefillNanos, long decodeNanos,
                             int decodeSteps, int peakBlocks, int evictedBlocks) {
    public long totalNanos() {
        return prefillNanos + decodeNanos;
    }
}
