package io.homeostat.engine.model;

import java.util.Objects;

/**
 * All weights of a decoder in float32, one array per tensor and layer, row-major with the input
 * dimension contiguous (as in llama2.c: a matrix {@code W[out][in]} multiplies {@code x[in]}).
 *
 * <p>Executors read these once: the CPU executor computes from them directly, the CUDA executor uploads
 * them to the device at start.
 */
public final class ModelWeights {
    private final ModelConfig config;
    /** [vocab * dim] */
    public final float[] tokenEmbedding;
    /** [layer][dim] */
    public final float[][] rmsAtt;
    /** [layer][dim * dim] */
    public final float[][] wq;
    /** [layer][kvDim * dim] */
    public final float[][] wk;
    /** [layer][kvDim * dim] */
    public final float[][] wv;
    /** [layer][dim * dim] */
    public final float[][] wo;
    /** [layer][dim] */
    public final float[][] rmsFfn;
    /** [layer][hidden * dim] (gate) */
    public final float[][] w1;
    /** [layer][dim * hidden] (down) */
    public final float[][] w2;
    /** [layer][hidden * dim] (up) */
    public final float[][] w3;
    /** [dim] */
    public final float[] rmsFinal;
    /** [vocab * dim]; the same array as tokenEmbedding when the classifier is shared. */
    public final float[] classifier;

    @SuppressWarnings("ParameterNumber")
    public ModelWeights(ModelConfig config, float[] tokenEmbedding, float[][] rmsAtt, float[][] wq, float[][] wk,
                        float[][] wv, float[][] wo, float[][] rmsFfn, float[][] w1, float[][] w2, float[][] w3,
                        float[] rmsFinal, float[] classifier) {
        this.config = Objects.requireNonNull(config, "config");
        int d = config.dim();
        int kv = config.kvDim();
        int h = config.hiddenDim();
        int layers = config.layers();
        this.tokenEmbedding = check("token_embedding", tokenEmbedding, (long) config.vocabSize() * d);
        this.rmsAtt = check("rms_att", rmsAtt, layers, d);
        this.wq = check("wq", wq, layers, (long) d * d);
        this.wk = check("wk", wk, layers, (long) kv * d);
        this.wv = check("wv", wv, layers, (long) kv * d);
        this.wo = check("wo", wo, layers, (long) d * d);
        this.rmsFfn = check("rms_ffn", rmsFfn, layers, d);
        this.w1 = check("w1", w1, layers, (long) h * d);
        this.w2 = check("w2", w2, layers, (long) d * h);
        this.w3 = check("w3", w3, layers, (long) h * d);
        this.rmsFinal = check("rms_final", rmsFinal, d);
        this.classifier = check("wcls", classifier, (long) config.vocabSize() * d);
        if (config.sharedClassifier() && classifier != tokenEmbedding) {
            throw new IllegalArgumentException("shared classifier must be the token embedding array");
        }
    }

    public ModelConfig config() {
        return config;
    }

    private static float[] check(String name, float[] a, long expected) {
        Objects.requireNonNull(a, name);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + ": expected " + expected + " floats, got " + a.length);
        }
        return a;
    }

    private static float[][] check(String name, float[][] a, int layers, long perLayer) {
        Objects.requireNonNull(a, name);
        if (a.length != layers) {
            throw new IllegalArgumentException(name + ": expected " + layers + " layers, got " + a.length);
        }
        for (int l = 0; l < layers; l++) {
            check(name + "[" + l + "]", a[l], perLayer);
        }
        return a;
    }
}
