package io.homeostat.engine.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hand-built models whose next token can be worked out on paper, so an executor can be checked token by
 * token without trusting any other implementation.
 *
 * <p><b>Successor</b> ({@link #successor}): dim = vocab = 8, one layer, 2 query heads over 1 KV head.
 * Token {@code i} embeds as the unit vector {@code e_i}; the attention and FFN output projections
 * ({@code wo}, {@code w2}) are zero, so the residual stream stays {@code e_i} whatever the (random, non-zero)
 * q/k/v and gate/up weights compute. The final RMSNorm (gain 1) scales it to {@code e_i / sqrt(1/8 + 1e-5)}
 * and the separate classifier's row {@code j} is {@code e_(j-1 mod 8)}, so the only non-zero logit is
 * {@code logit[i+1 mod 8] = 1 / sqrt(0.125 + 1e-5) = 2.828314...}: the model counts 5, 6, 7, 0, 1, ...
 *
 * <p><b>Least frequent</b> ({@link #leastFrequent}): dim 16, vocab 4, one layer, 2 query heads over 1 KV
 * head (head size 8). Token {@code i} embeds as {@code e_i + e_8} (dim 8 is a constant "bias" input), so
 * every token has the same RMS and the attention RMSNorm scales it by the same {@code c}. {@code wq = wk = 0}
 * makes every score 0, so attention is uniform over positions {@code 0..p}; {@code wv} copies dims 0..3,
 * so head 0's output is {@code c · count_j / (p+1)} in dim {@code j}: the frequency of each token so far
 * (the current one included). {@code wo} adds that into dims 4..7, {@code w2 = 0}. The classifier reads
 * {@code logit_j ∝ -x[4+j] - 0.001 · j · x[8]}: the next token is the least frequent token so far, the lowest
 * id on ties (the 0.001 tilt makes ties strict, so no implementation's argmax tie rule matters; it is far
 * below the smallest frequency gap, {@code c / seqLen ≈ 0.09}).
 */
public final class TinyModels {
    /** {@code 1 / sqrt(1/8 + 1e-5)}: the successor model's one non-zero logit. */
    public static final double SUCCESSOR_LOGIT = 1.0 / Math.sqrt(0.125 + 1e-5);

    private TinyModels() {
    }

    public static ModelWeights successor() {
        ModelConfig c = new ModelConfig(8, 12, 1, 2, 1, 8, 32, false);
        SplittableRandom r = new SplittableRandom(3);
        float[] emb = new float[8 * 8];
        float[] cls = new float[8 * 8];
        for (int i = 0; i < 8; i++) {
            emb[i * 8 + i] = 1f;
            cls[i * 8 + Math.floorMod(i - 1, 8)] = 1f;
        }
        return new ModelWeights(c, emb, ones(1, 8), random(r, 1, 8 * 8), random(r, 1, 4 * 8), random(r, 1, 4 * 8),
                zeros(1, 8 * 8), ones(1, 8), random(r, 1, 12 * 8), zeros(1, 8 * 12), random(r, 1, 12 * 8),
                ones(1, 8)[0], cls);
    }

    public static ModelWeights leastFrequent() {
        int d = 16;
        ModelConfig c = new ModelConfig(d, 8, 1, 2, 1, 4, 32, false);
        float[] emb = new float[4 * d];
        for (int i = 0; i < 4; i++) {
            emb[i * d + i] = 1f;
            emb[i * d + 8] = 1f;
        }
        float[][] wv = zeros(1, 8 * d);
        for (int j = 0; j < 4; j++) {
            wv[0][j * d + j] = 1f; // v[j] = xb[j]
        }
        float[][] wo = zeros(1, d * d);
        for (int j = 0; j < 4; j++) {
            wo[0][(4 + j) * d + j] = 1f; // x[4+j] += head 0 output dim j
        }
        float[] cls = new float[4 * d];
        for (int j = 0; j < 4; j++) {
            cls[j * d + 4 + j] = -1f;
            cls[j * d + 8] = -0.001f * j;
        }
        SplittableRandom r = new SplittableRandom(5);
        return new ModelWeights(c, emb, ones(1, d), zeros(1, d * d), zeros(1, 8 * d), wv, wo, ones(1, d),
                random(r, 1, 8 * d), zeros(1, d * 8), random(r, 1, 8 * d), ones(1, d)[0], cls);
    }

    private static float[][] zeros(int layers, int n) {
        return new float[layers][n];
    }

    private static float[][] ones(int layers, int n) {
        float[][] a = new float[layers][n];
        for (float[] row : a) {
            Arrays.fill(row, 1f);
        }
        return a;
    }

    private static float[][] random(SplittableRandom r, int layers, int n) {
        float[][] a = new float[layers][n];
        for (float[] row : a) {
            for (int i = 0; i < n; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return a;
    }
}
