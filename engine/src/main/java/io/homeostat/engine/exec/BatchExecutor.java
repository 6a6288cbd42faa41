package io.homeostat.engine.exec;

/**
 * Executes batches of sequences on one device: the pluggable part between the worker and the hardware.
 *
 * <p>Shaped after the LMAX Disruptor's batch-aware handlers ({@code onBatchStart(batchSize, queueDepth)})
 * so an executor can size buffers or pick a graph before the work arrives.
 *
 * <pre>
 *   open (constructor / factory) ─► [ onBatchStart ─► execute ]* ─► close
 * </pre>
 *
 * <p>Contract (checked by {@code BatchExecutorContract} for every implementation):
 * <ul>
 *   <li>one result per sequence, in the batch's order; a sequence the KV floor refuses is REJECTED with
 *       the reason, the others still run;</li>
 *   <li>greedy decoding is deterministic, and the same as running each sequence alone;</li>
 *   <li>a failure throws {@link ExecutorException} and leaves the executor usable for the next batch
 *       (no blocks leak);</li>
 *   <li>{@code Thread.interrupt()} stops a running batch with an {@link ExecutorException};</li>
 *   <li>not thread-safe: one worker thread calls it.</li>
 * </ul>
 */
public interface BatchExecutor extends AutoCloseable {

    /** Short name: {@code cpu} or {@code cuda}. */
    String name();

    /** Device description for results, e.g. {@code NVIDIA H100 80GB HBM3} or {@code cpu x2 (avx512)}. */
    String device();

    /** Called before {@link #execute} with the batch size and the worker's backlog. */
    default void onBatchStart(int batchSize, int queueDepth) {
    }

    BatchOutcome execute(ExecutionBatch batch) throws ExecutorException;

    /** The KV block pool's current state. */
    io.homeostat.engine.kv.PoolStats poolStats();

    @Override
    void close();
}
