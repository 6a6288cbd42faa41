package io.homeostat.engine.exec;

import io.homeostat.engine.kv.PoolStats;
import java.util.List;

/** Results in the batch's order, what it cost, and the block pool afterwards. */
public record BatchOutcome(List<SequenceResult> results, ExecutionStats stats, PoolStats pool) {
    public BatchOutcome {
        results = List.copyOf(results);
    }
}
