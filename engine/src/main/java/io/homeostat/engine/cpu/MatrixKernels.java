package io.homeostat.engine.cpu;

/**
 * The inner loops of the CPU executor. {@link ScalarKernels} is the portable reference; a SIMD
 * implementation (module {@code engine-simd}, Java's Vector API) is picked up through
 * {@link java.util.ServiceLoader} when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Every implementation must compute each dot product in an order that does not depend on how many
 * rows or tokens are in the call, so a sequence's output does not depend on its batch neighbours.
 */
public interface MatrixKernels {

    String name();

    /**
     * {@code out[t*n + i] = Σ_j x[t*d + j] · w[i*d + j]} for tokens {@code t ∈ [0, tokens)} and rows
     * {@code i ∈ [i0, i1)}: a block of the product of activations {@code x[tokens, d]} with the transpose of
     * weights {@code w[n, d]}.
     */
    void matmul(float[] out, float[] x, float[] w, int tokens, int n, int d, int i0, int i1);

    /**
     * The weights {@code w[n, d]} in the layout {@link #matmulPrepared} reads, built once per matrix (the CPU
     * backend prepares every weight matrix when it starts). Default: the matrix itself.
     */
    default float[] prepare(float[] w, int n, int d) {
        return w;
    }

    /**
     * Row splits of a prepared matrix handed to {@link #matmulPrepared} start at multiples of this (default 1).
     * Any split gives the same cells; aligned splits keep the fast path.
     */
    default int rowAlignment() {
        return 1;
    }

    /**
     * {@link #matmul} on weights from {@link #prepare}: the same product, the same independence of each cell
     * from the batch and the row split, in this implementation's own order (it may differ from {@code matmul}'s
     * by float rounding). Default: {@code matmul}.
     */
    default void matmulPrepared(float[] out, float[] x, float[] prepared, int tokens, int n, int d, int i0, int i1) {
        matmul(out, x, prepared, tokens, n, d, i0, i1);
    }

    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code y[yOff + k] += alpha · x[xOff + k]} for {@code k < len}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * Attention scores of {@code count} consecutive positions from keys stored transposed: element {@code i} of
     * position {@code p}'s key is {@code kT[kOff + i·rowStride + p]}. The score is defined, for every
     * implementation and bit for bit, as four fused partial sums over {@code i ≡ 0, 1, 2, 3 (mod 4)} in index
     * order ({@code s_r = fma(q_i, k_i, s_r)}), combined as {@code (s_0 + s_1) + (s_2 + s_3)}, times
     * {@code scale}; so a vector lane and this scalar loop agree exactly, and the result depends only on the
     * position's own key and query.
     */
    default void scoresTransposed(float[] q, int qOff, float[] kT, int kOff, int rowStride, int count, int len,
                                  float scale, float[] att, int attOff) {
        for (int p = 0; p < count; p++) {
            att[attOff + p] = scoreTransposed(q, qOff, kT, kOff + p, rowStride, len) * scale;
        }
    }

    /** One position's unscaled score in the order {@link #scoresTransposed} defines. */
    static float scoreTransposed(float[] q, int qOff, float[] kT, int kOff, int rowStride, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 = Math.fma(q[qOff + i], kT[kOff + i * rowStride], s0);
            s1 = Math.fma(q[qOff + i + 1], kT[kOff + (i + 1) * rowStride], s1);
            s2 = Math.fma(q[qOff + i + 2], kT[kOff + (i + 2) * rowStride], s2);
            s3 = Math.fma(q[qOff + i + 3], kT[kOff + (i + 3) * rowStride], s3);
        }
        for (int r = 0; i < len; i++, r++) {
            float v = Math.fma(q[qOff + i], kT[kOff + i * rowStride], r == 0 ? s0 : r == 1 ? s1 : s2);
            if (r == 0) {
                s0 = v;
            } else if (r == 1) {
                s1 = v;
            } else {
                s2 = v;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Weighted sum of {@code count} consecutive cached value rows into {@code out}:
     * {@code axpy(att[attOff + p] · inv, v, vOff + p·stride, out, outOff, len)} for {@code p = 0, 1, ...} in
     * that order. An implementation may keep {@code out} in registers across positions but must give the
     * same result as those axpy calls.
     */
    default void weightedSum(float[] att, int attOff, float inv, float[] v, int vOff, int stride, int count, int len,
                             float[] out, int outOff) {
        for (int p = 0; p < count; p++) {
            axpy(att[attOff + p] * inv, v, vOff + p * stride, out, outOff, len);
        }
    }
}
