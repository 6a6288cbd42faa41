package io.homeostat.engine.model;

import java.util.SplittableRandom;

/**
 * Seeded random weights of a given shape, so the whole pipeline runs with no download.
 *
 * <p>Matrices are drawn N(0, 1/fan_in) (the usual scaled init), so activations keep their scale through
 * the layers and logits are spread enough that greedy decoding is not a coin toss between near-ties.
 * The output projections of the residual branches (Wo, W2) get {@value #RESIDUAL_GAIN}x that scale: with
 * unit-scale embeddings and a shared classifier, smaller branches leave the embedding of the current token
 * dominant and greedy decoding only echoes the last prompt token. The same seed always gives the same
 * weights on any JVM.
 */
public final class RandomWeights {
    /** Gain of the residual branches' output projections (see above). */
    public static final double RESIDUAL_GAIN = 4.0;

    private RandomWeights() {
    }

    public static ModelWeights generate(ModelConfig c, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        int d = c.dim();
        int kv = c.kvDim();
        int h = c.hiddenDim();
        int layers = c.layers();
        float[] emb = gaussian(root.split(), (long) c.vocabSize() * d, 1.0);
        float[][] rmsAtt = new float[layers][];
        float[][] wq = new float[layers][];
        float[][] wk = new float[layers][];
        float[][] wv = new float[layers][];
        float[][] wo = new float[layers][];
        float[][] rmsFfn = new float[layers][];
        float[][] w1 = new float[layers][];
        float[][] w2 = new float[layers][];
        float[][] w3 = new float[layers][];
        for (int l = 0; l < layers; l++) {
            SplittableRandom r = root.split();
            rmsAtt[l] = norm(r, d);
            wq[l] = gaussian(r, (long) d * d, 1.0 / Math.sqrt(d));
            wk[l] = gaussian(r, (long) kv * d, 1.0 / Math.sqrt(d));
            wv[l] = gaussian(r, (long) kv * d, 1.0 / Math.sqrt(d));
            wo[l] = gaussian(r, (long) d * d, RESIDUAL_GAIN / Math.sqrt(d));
            rmsFfn[l] = norm(r, d);
            w1[l] = gaussian(r, (long) h * d, 1.0 / Math.sqrt(d));
            w2[l] = gaussian(r, (long) d * h, RESIDUAL_GAIN / Math.sqrt(h));
            w3[l] = gaussian(r, (long) h * d, 1.0 / Math.sqrt(d));
        }
        float[] rmsFinal = norm(root.split(), d);
        float[] cls = c.sharedClassifier() ? emb : gaussian(root.split(), (long) c.vocabSize() * d, 1.0 / Math.sqrt(d));
        return new ModelWeights(c, emb, rmsAtt, wq, wk, wv, wo, rmsFfn, w1, w2, w3, rmsFinal, cls);
    }

    private static float[] gaussian(SplittableRandom r, long n, double std) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * std);
        }
        return a;
    }

    /** RMSNorm gains near 1. */
    private static float[] norm(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (1.0 + 0.1 * r.nextGaussian());
        }
        return a;
    }
}
