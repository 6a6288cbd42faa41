package io.homeostat.bench.engine;

import io.homeostat.engine.cpu.MatrixKernels;

/**
 * The baseline of an A/B run: the same kernels with {@link MatrixKernels#prepare} left out, so the backend
 * multiplies by the weights as stored ({@code W[out][in]} row-major) through {@code matmul}, the path the CPU
 * executor took before prepared weight layouts existed.
 */
final class RowMajorKernels implements MatrixKernels {
    private final MatrixKernels k;

    RowMajorKernels(MatrixKernels k) {
        this.k = k;
    }

    @Override
    public String name() {
        return k.name() + ", row-major weights";
    }

    @Override
    public void matmul(float[] out, float[] x, float[] w, int tokens, int n, int d, int i0, int i1) {
        k.matmul(out, x, w, tokens, n, d, i0, i1);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return k.dot(a, aOff, b, bOff, len);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        k.axpy(alpha, x, xOff, y, yOff, len);
    }

    @Override
    public void scoresTransposed(float[] q, int qOff, float[] kT, int kOff, int rowStride, int count, int len,
                                 float scale, float[] att, int attOff) {
        k.scoresTransposed(q, qOff, kT, kOff, rowStride, count, len, scale, att, attOff);
    }

    @Override
    public void weightedSum(float[] att, int attOff, float inv, float[] v, int vOff, int stride, int count, int len,
                            float[] out, int outOff) {
        k.weightedSum(att, attOff, inv, v, vOff, stride, count, len, out, outOff);
    }
}
