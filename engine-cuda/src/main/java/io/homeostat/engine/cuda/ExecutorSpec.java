package io.homeostat.engine.cuda;

/**
 * How to build an executor.
 *
 * @param kind          auto, cpu or cuda
 * @param cpuKvBlocks   KV blocks for the CPU executor (host memory)
 * @param cudaKvBlocks  KV blocks for the CUDA executor (device memory)
 * @param blockSize     tokens per KV block
 * @param cpuThreads    compute threads of the CPU executor
 * @param maxStepTokens tokens per forward step (prefill chunk; also the largest batch the CUDA executor takes)
 * @param stopAtEos     stop sequences at EOS
 * @param cudaDevice    CUDA device ordinal
 */
public record ExecutorSpec(ExecutorKind kind, int cpuKvBlocks, int cudaKvBlocks, int blockSize, int cpuThreads,
                           int maxStepTokens, boolean stopAtEos, int cudaDevice) {
    public ExecutorSpec {
        positive("cpuKvBlocks", cpuKvBlocks);
        positive("cudaKvBlocks", cudaKvBlocks);
        positive("blockSize", blockSize);
        positive("cpuThreads", cpuThreads);
        positive("maxStepTokens", maxStepTokens);
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }
}
