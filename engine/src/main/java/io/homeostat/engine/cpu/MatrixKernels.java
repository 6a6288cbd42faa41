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

    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code y[yOff + k] += alpha · x[xOff + k]} for {@code k < len}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * Attention scores over {@code count} consecutive cached positions:
     * {@code att[attOff + p] = dot(q[qOff..], k[kOff + p·stride ..], len) · scale} for {@code p < count}.
     * Each score must equal {@code dot(...) * scale} bit for bit (the default does exactly that).
     */
    default void scores(float[] q, int qOff, float[] k, int kOff, int stride, int count, int len, float scale,
                        float[] att, int attOff) {
        for (int p = 0; p < count; p++) {
            att[attOff + p] = dot(q, qOff, k, kOff + p * stride, len) * scale;
        }
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
