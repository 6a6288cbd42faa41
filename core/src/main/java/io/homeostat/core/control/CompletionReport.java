package io.homeostat.core.control;

/**
 * What the worker reports for one executed batch (the core's view of the Avro {@code Completion}).
 *
 * @param batchSeq     the batch's per-pool sequence number
 * @param batchSize    requests in the batch
 * @param serviceNs    wall time to execute it
 * @param blocksUsed   peak KV blocks it held
 * @param freeBlocks   free blocks in the worker's pool after it, or -1 if unknown
 * @param cachedBlocks evictable prefix-cache blocks after it, or -1 if unknown
 * @param totalBlocks  blocks in the pool, or -1 if unknown
 */
public record CompletionReport(long batchSeq, int batchSize, long serviceNs, int blocksUsed, int freeBlocks,
                               int cachedBlocks, int totalBlocks) {

    /** Whether it carries the worker's pool state. */
    public boolean hasPoolState() {
        return freeBlocks >= 0 && cachedBlocks >= 0 && totalBlocks > 0;
    }
}
