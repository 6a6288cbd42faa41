package io.homeostat.core.control;

/**
 * How many KV blocks the next batch may take, as the controller sees the pool now.
 *
 * @param blocks            what a batch may take and still leave {@code free >= minimum stable blocks}
 *                          (after the eviction the controller would ask for); {@link Integer#MAX_VALUE}
 *                          before the worker has reported its pool (cold start: no limit)
 * @param poolBlocks        blocks in the worker's pool, or {@link Integer#MAX_VALUE} if unknown: a
 *                          request needing more can never run
 * @param minimumStableBlocks the floor
 * @param inFlightBatches   batches cut and not yet completed
 * @param evictionThrottled whether evictable blocks were left out because of the eviction throttle
 */
public record BlockBudget(int blocks, int poolBlocks, int minimumStableBlocks, int inFlightBatches,
                          boolean evictionThrottled) {

    public static final BlockBudget UNLIMITED = new BlockBudget(Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, false);
}
