package io.homeostat.engine.exec;

import io.homeostat.engine.model.ModelConfig;

/**
 * The compute half of an executor: forward passes of the decoder over a {@link StepBatch}, with K/V kept
 * in the backend's own storage (heap arrays, device memory) at the block ids of the step's block tables.
 * {@link DecoderExecutor} does everything else (admission, prefix cache, generation loop, sampling), so
 * CPU and CUDA differ only here and are compared here.
 */
public interface DecoderBackend extends AutoCloseable {

    String name();

    String device();

    ModelConfig config();

    /** KV blocks the backend's storage holds. */
    int kvBlocks();

    int blockSize();

    /**
     * Runs the step, writing K/V of every token into the cache, and puts the logits of each sequence's last
     * token into {@code logits[s * vocab .. (s+1) * vocab)}.
     */
    void forward(StepBatch step, float[] logits) throws ExecutorException;

    /**
     * Runs the step and puts the argmax of each sequence's last-token logits into {@code next[s]}. Backends
     * that can reduce on the device override this to avoid moving logits.
     */
    default void forwardArgmax(StepBatch step, int[] next, float[] scratchLogits) throws ExecutorException {
        forward(step, scratchLogits);
        int vocab = config().vocabSize();
        for (int s = 0; s < step.seqCount(); s++) {
            next[s] = Sampler.argmax(scratchLogits, s * vocab, vocab);
        }
    }

    @Override
    void close();
}
