package io.homeostat.core.scheduler;

import io.homeostat.core.control.ControllerAdvice;
import io.homeostat.core.entropy.Regime;
import io.homeostat.core.policy.CutReason;
import java.util.List;

/**
 * A batch cut by a {@link PoolScheduler} (the core's view of the Avro {@code Batch}; its id is
 * {@code pool + "-" + sequence}).
 *
 * @param pool            the pool
 * @param sequence        per-pool batch number, from 1
 * @param cutNs           when it was cut
 * @param intendedCutNs   when the policy wanted it cut; {@code cutNs - intendedCutNs} is the lateness
 * @param reason          why
 * @param policy          the policy's name
 * @param windowNs        the window in force
 * @param entropyBits     H at the cut
 * @param regime          the regime at the cut
 * @param queueDepthAfter requests still queued
 * @param controller      the controller's advice the worker must honour
 * @param requests        in dispatch order (highest effective priority first)
 * @param tokens          tokens in the batch (prompt + max new)
 * @param blocks          KV blocks reserved for it
 * @param <P>             payload type
 */
public record ScheduledBatch<P>(String pool, long sequence, long cutNs, long intendedCutNs, CutReason reason,
                                String policy, long windowNs, double entropyBits, Regime regime, int queueDepthAfter,
                                ControllerAdvice controller, List<DispatchedRequest<P>> requests, long tokens,
                                int blocks) {

    public int size() {
        return requests.size();
    }

    /** {@code pool-sequence}, the Avro {@code batch_id}. */
    public String batchId() {
        return pool + "-" + sequence;
    }
}
