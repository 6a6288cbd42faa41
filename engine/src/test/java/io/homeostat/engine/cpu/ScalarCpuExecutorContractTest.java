package io.homeostat.engine.cpu;

import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchExecutorContract;
import io.homeostat.engine.model.ModelWeights;

class ScalarCpuExecutorContractTest extends BatchExecutorContract {
    @Override
    protected BatchExecutor open(ModelWeights weights, int kvBlocks) {
        // prefill in passes of 16 tokens so long prompts span several passes
        return CpuExecutors.create(weights, kvBlocks, 16, 2, 16, false, new ScalarKernels());
    }
}
