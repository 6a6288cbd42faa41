package io.homeostat.engine.cpu;

/**
 * Portable kernels: a 4-token × 4-row register block so each loaded weight is used four times and each
 * activation four times. Every dot product accumulates in one float in index order, the same in the block
 * and at the edges.
 */
public final class ScalarKernels implements MatrixKernels {
    private static final int TOKEN_TILE = 64;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matmul(float[] out, float[] x, float[] w, int tokens, int n, int d, int i0, int i1) {
        for (int tb = 0; tb < tokens; tb += TOKEN_TILE) {
            int te = Math.min(tokens, tb + TOKEN_TILE);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int t = tb;
                for (; t + 4 <= te; t += 4) {
                    block4x4(out, x, w, n, d, t, i);
                }
                for (; t < te; t++) {
                    for (int r = 0; r < 4; r++) {
                        out[t * n + i + r] = dot(x, t * d, w, (i + r) * d, d);
                    }
                }
            }
            for (; i < i1; i++) {
                for (int t = tb; t < te; t++) {
                    out[t * n + i] = dot(x, t * d, w, i * d, d);
                }
            }
        }
    }

    private static void block4x4(float[] out, float[] x, float[] w, int n, int d, int t, int i) {
        float a00 = 0, a01 = 0, a02 = 0, a03 = 0;
        float a10 = 0, a11 = 0, a12 = 0, a13 = 0;
        float a20 = 0, a21 = 0, a22 = 0, a23 = 0;
        float a30 = 0, a31 = 0, a32 = 0, a33 = 0;
        int x0 = t * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        int w0 = i * d;
        int w1 = w0 + d;
        int w2 = w1 + d;
        int w3 = w2 + d;
        for (int j = 0; j < d; j++) {
            float v0 = x[x0 + j];
            float v1 = x[x1 + j];
            float v2 = x[x2 + j];
            float v3 = x[x3 + j];
            float u0 = w[w0 + j];
            float u1 = w[w1 + j];
            float u2 = w[w2 + j];
            float u3 = w[w3 + j];
            a00 += v0 * u0;
            a01 += v0 * u1;
            a02 += v0 * u2;
            a03 += v0 * u3;
            a10 += v1 * u0;
            a11 += v1 * u1;
            a12 += v1 * u2;
            a13 += v1 * u3;
            a20 += v2 * u0;
            a21 += v2 * u1;
            a22 += v2 * u2;
            a23 += v2 * u3;
            a30 += v3 * u0;
            a31 += v3 * u1;
            a32 += v3 * u2;
            a33 += v3 * u3;
        }
        int o = t * n + i;
        out[o] = a00;
        out[o + 1] = a01;
        out[o + 2] = a02;
        out[o + 3] = a03;
        o += n;
        out[o] = a10;
        out[o + 1] = a11;
        out[o + 2] = a12;
        out[o + 3] = a13;
        o += n;
        out[o] = a20;
        out[o + 1] = a21;
        out[o + 2] = a22;
        out[o + 3] = a23;
        o += n;
        out[o] = a30;
        out[o + 1] = a31;
        out[o + 2] = a32;
        out[o + 3] = a33;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0;
        for (int j = 0; j < len; j++) {
            s += a[aOff + j] * b[bOff + j];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int k = 0; k < len; k++) {
            y[yOff + k] += alpha * x[xOff + k];
        }
    }
}
