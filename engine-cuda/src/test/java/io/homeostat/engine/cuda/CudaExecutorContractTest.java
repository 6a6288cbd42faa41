package io.homeostat.engine.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchExecutorContract;
import io.homeostat.engine.model.ModelWeights;
import org.junit.jupiter.api.Tag;

/** The worker's executor contract, on the GPU. Skipped (not failed) where CUDA is unavailable. */
@Tag("gpu")
class CudaExecutorContractTest extends BatchExecutorContract {
    @Override
    protected BatchExecutor open(ModelWeights weights, int kvBlocks) {
        CudaStatus status = CudaProbe.status();
        assumeTrue(status.available(), () -> "CUDA unavailable: " + status.reason());
        // prefill in steps of 16 tokens so long prompts span several passes, as the CPU contract test does
        return CudaExecutors.create(weights, kvBlocks, 16, 16, 0, false);
    }
}
