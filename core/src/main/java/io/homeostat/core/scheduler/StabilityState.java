package io.homeostat.core.scheduler;

import io.homeostat.core.entropy.Regime;

/**
 * One pool's stability snapshot over a metrics interval (the core's view of the Avro
 * {@code StabilityMetrics}; field names follow the seed's metric names in camel case, times are
 * nanoseconds where the Avro record uses micro- or milliseconds).
 *
 * @param pool                        the pool
 * @param timestampNs                 when the snapshot was taken
 * @param intervalNs                  the interval the counts and fairness cover
 * @param queueingLambda              arrival rate, requests/s
 * @param queueingMu                  batched capacity mu_max, requests/s
 * @param queueingRho                 lambda / mu
 * @param queueingIsStable            rho &lt; 1 and free &gt;= floor (when known)
 * @param queueingLambdaCritical      arrival rate the free blocks sustain, requests/s (+inf: unknown)
 * @param queueingMinimumStableBlocks the floor
 * @param queueingStabilityMarginPct  100 (1 - rho)
 * @param entropyBits                 H
 * @param adaptiveWindowMs            the policy's window in force, ms
 * @param regime                      from H
 * @param queueDepth                  requests queued
 * @param jainFairness                Jain's index over tenants in the interval
 * @param evictionTargetBlocks        eviction asked with the interval's last batch (0 if none)
 * @param evictionThrottled           an eviction was held back in the interval
 * @param quantizationBits            advice from rho
 * @param freeBlocks                  last known free blocks (-1 unknown)
 * @param cachedBlocks                last known cached blocks (-1 unknown)
 * @param serviceInterceptMs          a in S(B) = a + b B
 * @param serviceSlopeMs              b
 * @param meanBlocksPerRequest        E[blocks]
 * @param policy                      the policy's name
 * @param batchesCut                  batches cut in the interval
 * @param meanBatchSize               mean requests per batch in the interval (0 if none)
 * @param requestsShed                requests refused or shed (REJECTED) in the interval
 * @param requestsExpired             requests expired in the interval
 * @param maxWaitMs                   longest queue wait of a request dispatched in the interval
 * @param inFlightBatches             batches cut and not yet completed
 */
public record StabilityState(String pool, long timestampNs, long intervalNs, double queueingLambda, double queueingMu,
                             double queueingRho, boolean queueingIsStable, double queueingLambdaCritical,
                             int queueingMinimumStableBlocks, double queueingStabilityMarginPct, double entropyBits,
                             double adaptiveWindowMs, Regime regime, int queueDepth, double jainFairness,
                             int evictionTargetBlocks, boolean evictionThrottled, int quantizationBits, int freeBlocks,
                             int cachedBlocks, double serviceInterceptMs, double serviceSlopeMs,
                             double meanBlocksPerRequest, String policy, long batchesCut, double meanBatchSize,
                             long requestsShed, long requestsExpired, double maxWaitMs, int inFlightBatches) {
}
