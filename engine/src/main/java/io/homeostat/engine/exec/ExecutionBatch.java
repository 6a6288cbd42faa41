package io.homeostat.engine.exec;

import java.util.List;
import java.util.Objects;

/**
 * A batch to execute, with the controller state the executor must honour.
 *
 * @param batchId              the batch's id
 * @param sequences            sequences in dispatch order (admitted in this order)
 * @param minimumStableBlocks  KV blocks that must stay free (counting evictable) after admission
 * @param evictionTargetBlocks prefix-cache blocks to evict before admitting anything
 */
public record ExecutionBatch(String batchId, List<SequenceRequest> sequences, int minimumStableBlocks,
                             int evictionTargetBlocks) {
    public ExecutionBatch {
        Objects.requireNonNull(batchId, "batchId");
        sequences = List.copyOf(sequences);
        if (minimumStableBlocks < 0 || evictionTargetBlocks < 0) {
            throw new IllegalArgumentException("block counts must be >= 0");
        }
    }

    public static ExecutionBatch of(String id, List<SequenceRequest> sequences) {
        return new ExecutionBatch(id, sequences, 0, 0);
    }
}
