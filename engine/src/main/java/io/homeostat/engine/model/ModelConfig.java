package io.homeostat.engine.model;

/**
 * Shape of a Llama-architecture decoder, as in the llama2.c checkpoint header.
 *
 * <p>The default ({@link #stories15M()}) is the 15M-parameter "TinyStories" shape that llama2.c ships:
 * small enough to run on two CPU cores, large enough that a batch costs real work that grows with
 * batch size and sequence length.
 *
 * @param dim            model width (embedding size)
 * @param hiddenDim      SwiGLU hidden width
 * @param layers         decoder layers
 * @param heads          query heads
 * @param kvHeads        key/value heads (grouped-query attention when {@code < heads})
 * @param vocabSize      vocabulary size
 * @param seqLen         maximum context length (prompt + generated)
 * @param sharedClassifier whether the output classifier reuses the token embedding
 */
public record ModelConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen,
                          boolean sharedClassifier) {

    /** RoPE base frequency, as in llama2.c. */
    public static final float ROPE_THETA = 10000.0f;
    /** RMSNorm epsilon, as in llama2.c. */
    public static final float NORM_EPS = 1e-5f;

    public ModelConfig {
        require(dim > 0, "dim must be > 0, got " + dim);
        require(hiddenDim > 0, "hiddenDim must be > 0, got " + hiddenDim);
        require(layers > 0, "layers must be > 0, got " + layers);
        require(heads > 0 && dim % heads == 0, "dim (" + dim + ") must be a positive multiple of heads (" + heads + ")");
        require(kvHeads > 0 && heads % kvHeads == 0, "heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        require((dim / heads) % 2 == 0, "head size (" + dim / heads + ") must be even for RoPE");
        require(vocabSize > 0, "vocabSize must be > 0, got " + vocabSize);
        require(seqLen > 1, "seqLen must be > 1, got " + seqLen);
    }

    /** The llama2.c stories15M shape: dim 288, hidden 768, 6 layers, 6 heads, vocab 32000, seq 256. */
    public static ModelConfig stories15M() {
        return new ModelConfig(288, 768, 6, 6, 6, 32000, 256, true);
    }

    public int headSize() {
        return dim / heads;
    }

    public int kvDim() {
        return dim * kvHeads / heads;
    }

    /** Query heads sharing one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** Parameters in the model, classifier included once when shared. */
    public long parameterCount() {
        long perLayer = 2L * dim + (long) dim * dim * 2 + (long) dim * kvDim() * 2 + 3L * dim * hiddenDim;
        return (long) vocabSize * dim + layers * perLayer + dim + (sharedClassifier ? 0 : (long) vocabSize * dim);
    }

    /** Multiply-adds per token for one forward pass (matmuls only; attention is extra). */
    public long macsPerToken() {
        long perLayer = (long) dim * dim * 2 + (long) dim * kvDim() * 2 + 3L * dim * hiddenDim;
        return layers * perLayer + (long) vocabSize * dim;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid model shape: " + message);
        }
    }
}
