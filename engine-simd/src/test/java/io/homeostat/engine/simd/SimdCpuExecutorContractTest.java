package io.homeostat.engine.simd;

import io.homeostat.engine.cpu.CpuExecutors;
import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchExecutorContract;
import io.homeostat.engine.model.ModelWeights;

/** The executor contract with the Vector API kernels (Surefire runs this module with the incubator module). */
class SimdCpuExecutorContractTest extends BatchExecutorContract {
    @Override
    protected BatchExecutor open(ModelWeights weights, int kvBlocks) {
        // prefill in passes of 16 tokens so long prompts span several passes
        return CpuExecutors.create(weights, kvBlocks, 16, 2, 16, false, new SimdKernels());
    }
}
