package io.homeostat.engine.cpu;

import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.model.ModelWeights;

/** Builds the CPU reference executor. */
public final class CpuExecutors {
    private CpuExecutors() {
    }

    /**
     * @param kvBlocks         KV blocks in the pool
     * @param blockSize        tokens per block
     * @param threads          compute threads
     * @param maxPrefillTokens tokens per prefill pass
     * @param stopAtEos        stop sequences at EOS
     */
    public static DecoderExecutor create(ModelWeights weights, int kvBlocks, int blockSize, int threads,
                                         int maxPrefillTokens, boolean stopAtEos) {
        return create(weights, kvBlocks, blockSize, threads, maxPrefillTokens, stopAtEos, Kernels.best());
    }

    public static DecoderExecutor create(ModelWeights weights, int kvBlocks, int blockSize, int threads,
                                         int maxPrefillTokens, boolean stopAtEos, MatrixKernels kernels) {
        return new DecoderExecutor(new CpuBackend(weights, kvBlocks, blockSize, kernels, threads), maxPrefillTokens,
                stopAtEos);
    }
}
