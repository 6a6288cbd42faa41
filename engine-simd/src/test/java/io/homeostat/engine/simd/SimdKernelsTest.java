package io.homeostat.engine.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The kernels against a double-precision product, on shapes with every kind of edge (sizes that are not
 * multiples of the lane count or of the 4x4 block), and the batch-independence the executor relies on:
 * an output cell is bit-for-bit the same whether computed alone, in a block or as part of any row range.
 */
class SimdKernelsTest {
    private final SimdKernels k = new SimdKernels();

    @Test
    void runsOnTheVectorApi() {
        assertTrue(k.name().startsWith("simd "), k.name());
    }

    @Property(tries = 60)
    void matmulMatchesDoublePrecisionAndDoesNotDependOnTheBatch(@ForAll @IntRange(min = 1, max = 11) int tokens,
                                                                @ForAll @IntRange(min = 1, max = 23) int n,
                                                                @ForAll @IntRange(min = 1, max = 77) int d,
                                                                @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = random(rnd, tokens * d);
        float[] w = random(rnd, n * d);
        float[] out = new float[tokens * n];
        k.matmul(out, x, w, tokens, n, d, 0, n);
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < n; i++) {
                double ref = 0;
                double mag = 0;
                for (int j = 0; j < d; j++) {
                    ref += (double) x[t * d + j] * w[i * d + j];
                    mag += Math.abs((double) x[t * d + j] * w[i * d + j]);
                }
                assertEquals(ref, out[t * n + i], 1e-5 * mag + 1e-6, "t=" + t + " i=" + i);
                // the same cell alone: one token, one row
                float[] one = new float[n];
                k.matmul(one, java.util.Arrays.copyOfRange(x, t * d, t * d + d), w, 1, n, d, i, i + 1);
                assertEquals(Float.floatToIntBits(out[t * n + i]), Float.floatToIntBits(one[i]), "batch-dependent cell");
                assertEquals(Float.floatToIntBits(out[t * n + i]),
                    Float.floatToIntBits(k.dot(x, t * d, w, i * d, d)), "dot differs from matmul");
            }
        }
        // any split of the rows gives the same cells
        int split = n / 2;
        float[] parts = new float[tokens * n];
        k.matmul(parts, x, w, tokens, n, d, 0, split);
        k.matmul(parts, x, w, tokens, n, d, split, n);
        for (int c = 0; c < out.length; c++) {
            assertEquals(Float.floatToIntBits(out[c]), Float.floatToIntBits(parts[c]), "row split changed cell " + c);
        }
    }

    @Property(tries = 40)
    void axpyMatchesScalar(@ForAll @IntRange(min = 0, max = 70) int len, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = random(rnd, len + 3);
        float[] y = random(rnd, len + 5);
        float[] expected = y.clone();
        float alpha = (float) rnd.nextDouble(-2, 2);
        for (int i = 0; i < len; i++) {
            expected[2 + i] += alpha * x[1 + i];
        }
        k.axpy(alpha, x, 1, y, 2, len);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 1e-6f * (1 + Math.abs(expected[i])), "index " + i);
        }
    }

    @Property(tries = 60)
    void attentionHelpersEqualTheirScalarDefinitionsBitForBit(@ForAll @IntRange(min = 1, max = 40) int count,
                                                                  @ForAll boolean threeVectors,
                                                                  @ForAll @IntRange(min = 1, max = 70) int otherLen,
                                                                  @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        int len = threeVectors ? 3 * lanes : otherLen;
        int stride = len + rnd.nextInt(5);
        float[] q = random(rnd, len + 2);
        float[] cache = random(rnd, 3 + count * stride + len);
        float[] att = new float[count + 4];
        // keys stored transposed: element i of position p at 3 + i * rowStride + p
        int rowStride = count + rnd.nextInt(3);
        float[] keysT = random(rnd, 3 + len * rowStride + count);
        k.scoresTransposed(q, 2, keysT, 3, rowStride, count, len, 0.125f, att, 3);
        float[] scalar = new float[count + 4];
        new io.homeostat.engine.cpu.ScalarKernels().scoresTransposed(q, 2, keysT, 3, rowStride, count, len, 0.125f,
            scalar, 3);
        for (int p = 0; p < count; p++) {
            assertEquals(Float.floatToIntBits(scalar[3 + p]), Float.floatToIntBits(att[3 + p]), "score " + p);
            double ref = 0;
            double mag = 0;
            for (int i = 0; i < len; i++) {
                ref += (double) q[2 + i] * keysT[3 + i * rowStride + p];
                mag += Math.abs((double) q[2 + i] * keysT[3 + i * rowStride + p]);
            }
            assertEquals(ref * 0.125, att[3 + p], 1e-6 * mag + 1e-7, "score " + p + " against double precision");
        }
        float[] viaAxpy = random(rnd, len + 1);
        float[] viaSum = viaAxpy.clone();
        for (int p = 0; p < count; p++) {
            k.axpy(att[3 + p] * 0.7f, cache, 3 + p * stride, viaAxpy, 1, len);
        }
        k.weightedSum(att, 3, 0.7f, cache, 3, stride, count, len, viaSum, 1);
        for (int i = 0; i < viaSum.length; i++) {
            assertEquals(Float.floatToIntBits(viaAxpy[i]), Float.floatToIntBits(viaSum[i]), "out " + i);
        }
    }

    @Property(tries = 60)
    void preparedMatmulIsTheSequentialFmaOrderForAnyBatchAndSplit(@ForAll @IntRange(min = 1, max = 11) int tokens,
                                                                 @ForAll @IntRange(min = 1, max = 170) int n,
                                                                 @ForAll @IntRange(min = 1, max = 77) int d,
                                                                 @ForAll @IntRange(min = 0, max = 170) int splitAt,
                                                                 @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = random(rnd, tokens * d);
        float[] w = random(rnd, n * d);
        float[] pk = k.prepare(w, n, d);
        float[] out = new float[tokens * n];
        k.matmulPrepared(out, x, pk, tokens, n, d, 0, n);
        for (int t = 0; t < tokens; t++) {
            float[] one = new float[n];
            k.matmulPrepared(one, java.util.Arrays.copyOfRange(x, t * d, t * d + d), pk, 1, n, d, 0, n);
            for (int i = 0; i < n; i++) {
                float s = 0;
                double ref = 0;
                double mag = 0;
                for (int j = 0; j < d; j++) {
                    s = Math.fma(x[t * d + j], w[i * d + j], s);
                    ref += (double) x[t * d + j] * w[i * d + j];
                    mag += Math.abs((double) x[t * d + j] * w[i * d + j]);
                }
                assertEquals(ref, out[t * n + i], 1e-5 * mag + 1e-6, "t=" + t + " i=" + i);
                assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(out[t * n + i]), "order of cell t=" + t + " i=" + i);
                assertEquals(Float.floatToIntBits(out[t * n + i]), Float.floatToIntBits(one[i]), "batch-dependent cell");
            }
        }
        // any split of the rows (aligned or not) gives the same cells
        int split = Math.min(n, splitAt);
        float[] parts = new float[tokens * n];
        k.matmulPrepared(parts, x, pk, tokens, n, d, 0, split);
        k.matmulPrepared(parts, x, pk, tokens, n, d, split, n);
        for (int c = 0; c < out.length; c++) {
            assertEquals(Float.floatToIntBits(out[c]), Float.floatToIntBits(parts[c]), "row split changed cell " + c);
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }
}
