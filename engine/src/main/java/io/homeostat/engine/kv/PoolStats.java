package io.homeostat.engine.kv;

/**
 * A snapshot of the block pool.
 *
 * @param totalBlocks        blocks in the pool
 * @param freeBlocks         blocks neither in use nor cached
 * @param cachedBlocks       prefix-cache blocks no running sequence uses (evictable)
 * @param usedBlocks         blocks referenced by running sequences
 * @param evictedTotal       blocks evicted from the prefix cache since start
 * @param prefixHitRate      prompt tokens served from the cache / prompt tokens admitted, since start
 * @param blockSize          tokens per block
 */
public record PoolStats(int totalBlocks, int freeBlocks, int cachedBlocks, int usedBlocks, long evictedTotal,
                        double prefixHitRate, int blockSize) {
}
