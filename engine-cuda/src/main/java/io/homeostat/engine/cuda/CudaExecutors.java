package io.homeostat.engine.cuda;

import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.model.ModelWeights;

/** Builds the CUDA executor: the shared {@link DecoderExecutor} over a {@link CudaBackend}. */
public final class CudaExecutors {
    private CudaExecutors() {
    }

    public static DecoderExecutor create(ModelWeights weights, int kvBlocks, int blockSize, int maxStepTokens,
                                         int deviceOrdinal, boolean stopAtEos) {
        return new DecoderExecutor(new CudaBackend(weights, kvBlocks, blockSize, maxStepTokens, deviceOrdinal),
                maxStepTokens, stopAtEos);
    }
}
