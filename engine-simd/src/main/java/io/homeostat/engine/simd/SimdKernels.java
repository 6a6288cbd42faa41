package io.homeostat.engine.simd;

import io.homeostat.engine.cpu.MatrixKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatrixKernels} on Java's Vector API: fused multiply-adds over {@code L} lanes at a time
 * ({@link FloatVector#SPECIES_PREFERRED}: 16 floats with AVX-512, 8 with AVX2), so one instruction does
 * the work of {@code L} scalar multiply-adds. Picked up by {@code Kernels.best()} through
 * {@link java.util.ServiceLoader} when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 *
 * <pre>
 *   matmulPrepared (what the CPU backend runs; weights from prepare: panels of L rows, column by column):
 *           for each group of 4 panels, for each block of 4 tokens: 16 accumulators of L output cells,
 *           acc[t][p] += broadcast(x[t][j]) * panel_p[j]   (4 loads + 4 broadcasts per 16 FMAs, no reduction)
 *   matmul (row-major weights): for each block of 4 weight rows, for each block of 4 tokens (tiles of 64 tokens):
 *             16 lane-wise accumulators acc[t][r] += x[t][j..j+L) * w[r][j..j+L)   (8 loads, 16 FMAs per step)
 *           so each weight vector loaded feeds 4 tokens and each activation vector 4 rows
 *   attention scores (keys transposed per KV block): L positions per vector, 4 partial sums over the head's
 *           dimensions, no horizontal reduction; weighted sum of values: the output head stays in registers
 * </pre>
 *
 * <p>Order of a dot product (the same in the 4x4 block, at the edges, in {@link #dot}): lane-wise FMA over
 * {@code j} in steps of {@code L}, then {@code reduceLanes(ADD)}, then the scalar tail {@code j >= L·floor(d/L)}
 * in index order. It depends only on {@code d} and the species, never on how many rows or tokens a call
 * covers, so a sequence's output does not depend on its batch neighbours. It differs from
 * {@code ScalarKernels}' order: results agree to float rounding, not bit for bit.
 */
public final class SimdKernels implements MatrixKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int TOKEN_TILE = 64;

    @Override
    public String name() {
        return "simd " + S.vectorBitSize() + "-bit";
    }

    @Override
    public void matmul(float[] out, float[] x, float[] w, int tokens, int n, int d, int i0, int i1) {
        int dv = d - d % L;
        for (int tb = 0; tb < tokens; tb += TOKEN_TILE) {
            int te = Math.min(tokens, tb + TOKEN_TILE);
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int t = tb;
                for (; t + 4 <= te; t += 4) {
                    block4x4(out, x, w, n, d, dv, t, i);
                }
                // the last tokens row by row: measured 2.5x faster than a 1x4 register block on a
                // 32000 x 288 classifier at batch 1 (C2 keeps the one-accumulator loop tight)
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

    /**
     * Panels of {@code L} rows, each stored column by column ({@code [panel][j][r]}: the {@code L} weights of
     * column {@code j} are one vector); the last {@code n mod L} rows follow row-major. So a cell's dot product
     * is a chain of lane-wise FMAs with the activation broadcast, and {@code L} cells finish in one vector with
     * no horizontal sum.
     */
    @Override
    public float[] prepare(float[] w, int n, int d) {
        int panels = n / L;
        float[] pk = new float[n * d];
        for (int p = 0; p < panels; p++) {
            int base = p * d * L;
            for (int r = 0; r < L; r++) {
                int row = (p * L + r) * d;
                for (int j = 0; j < d; j++) {
                    pk[base + j * L + r] = w[row + j];
                }
            }
        }
        System.arraycopy(w, panels * L * d, pk, panels * L * d, (n - panels * L) * d);
        return pk;
    }

    @Override
    public int rowAlignment() {
        return L;
    }

    /**
     * Order of every cell, the same in every tile, at the edges and for any batch or row split:
     * {@code s = fma(x[j], w[i][j], s)} for {@code j = 0, 1, ..., d-1} from {@code s = 0} (a vector lane and
     * {@link Math#fma} agree bit for bit).
     */
    @Override
    public void matmulPrepared(float[] out, float[] x, float[] pk, int tokens, int n, int d, int i0, int i1) {
        int full = n - n % L;
        int i = i0;
        for (; i < i1 && i < full && i % L != 0; i++) {
            preparedRow(out, x, pk, tokens, n, d, i);
        }
        int p0 = i / L;
        int pEnd = Math.min(i1, full) / L;
        if (p0 < pEnd) {
            int p4 = p0 + (pEnd - p0) / 4 * 4;
            for (int tb = 0; tb < tokens; tb += TOKEN_TILE) {
                int te = Math.min(tokens, tb + TOKEN_TILE);
                int tq = tb + (te - tb) / 4 * 4;
                for (int p = p0; p < p4; p += 4) {
                    for (int t = tb; t < tq; t += 4) {
                        tile4x4(out, x, pk, n, d, t, p);
                    }
                }
                for (int t = tq; t < te; t++) {
                    int p = p0;
                    for (; p + 8 <= p4; p += 8) {
                        tile1x8(out, x, pk, n, d, t, p);
                    }
                    for (; p < p4; p++) {
                        tile1x1(out, x, pk, n, d, t, p);
                    }
                }
                // the last 1-3 panels: 4 tokens x 2 or 1 panels (8 or 4 independent FMA chains)
                int p = p4;
                for (; p + 2 <= pEnd; p += 2) {
                    for (int t = tb; t < tq; t += 4) {
                        tile4x2(out, x, pk, n, d, t, p);
                    }
                }
                if (p < pEnd) {
                    for (int t = tb; t < tq; t += 4) {
                        tile4x1(out, x, pk, n, d, t, p);
                    }
                }
                for (p = p4; p < pEnd; p++) {
                    for (int t = tq; t < te; t++) {
                        tile1x1(out, x, pk, n, d, t, p);
                    }
                }
            }
            i = Math.max(i, pEnd * L);
        }
        for (; i < i1; i++) {
            preparedRow(out, x, pk, tokens, n, d, i);
        }
    }

    /** One row of a prepared matrix for every token, scalar, in the prepared order. */
    private static void preparedRow(float[] out, float[] x, float[] pk, int tokens, int n, int d, int i) {
        int full = n - n % L;
        int base = i < full ? (i / L) * d * L + i % L : full * d + (i - full) * d;
        int stride = i < full ? L : 1;
        for (int t = 0; t < tokens; t++) {
            float s = 0;
            int xo = t * d;
            for (int j = 0; j < d; j++) {
                s = Math.fma(x[xo + j], pk[base + j * stride], s);
            }
            out[t * n + i] = s;
        }
    }

    private static void tile4x4(float[] out, float[] x, float[] pk, int n, int d, int t, int p) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int stride = d * L;
        int b0 = p * stride;
        int b1 = b0 + stride;
        int b2 = b1 + stride;
        int b3 = b2 + stride;
        int x0 = t * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        for (int j = 0; j < d; j++) {
            int o = j * L;
            FloatVector u0 = FloatVector.fromArray(S, pk, b0 + o);
            FloatVector u1 = FloatVector.fromArray(S, pk, b1 + o);
            FloatVector u2 = FloatVector.fromArray(S, pk, b2 + o);
            FloatVector u3 = FloatVector.fromArray(S, pk, b3 + o);
            FloatVector v = FloatVector.broadcast(S, x[x0 + j]);
            a00 = v.fma(u0, a00);
            a01 = v.fma(u1, a01);
            a02 = v.fma(u2, a02);
            a03 = v.fma(u3, a03);
            v = FloatVector.broadcast(S, x[x1 + j]);
            a10 = v.fma(u0, a10);
            a11 = v.fma(u1, a11);
            a12 = v.fma(u2, a12);
            a13 = v.fma(u3, a13);
            v = FloatVector.broadcast(S, x[x2 + j]);
            a20 = v.fma(u0, a20);
            a21 = v.fma(u1, a21);
            a22 = v.fma(u2, a22);
            a23 = v.fma(u3, a23);
            v = FloatVector.broadcast(S, x[x3 + j]);
            a30 = v.fma(u0, a30);
            a31 = v.fma(u1, a31);
            a32 = v.fma(u2, a32);
            a33 = v.fma(u3, a33);
        }
        int o = t * n + p * L;
        a00.intoArray(out, o);
        a01.intoArray(out, o + L);
        a02.intoArray(out, o + 2 * L);
        a03.intoArray(out, o + 3 * L);
        o += n;
        a10.intoArray(out, o);
        a11.intoArray(out, o + L);
        a12.intoArray(out, o + 2 * L);
        a13.intoArray(out, o + 3 * L);
        o += n;
        a20.intoArray(out, o);
        a21.intoArray(out, o + L);
        a22.intoArray(out, o + 2 * L);
        a23.intoArray(out, o + 3 * L);
        o += n;
        a30.intoArray(out, o);
        a31.intoArray(out, o + L);
        a32.intoArray(out, o + 2 * L);
        a33.intoArray(out, o + 3 * L);
    }

    private static void tile1x8(float[] out, float[] x, float[] pk, int n, int d, int t, int p) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int stride = d * L;
        int b0 = p * stride;
        int x0 = t * d;
        for (int j = 0; j < d; j++) {
            int o = b0 + j * L;
            FloatVector v = FloatVector.broadcast(S, x[x0 + j]);
            a0 = v.fma(FloatVector.fromArray(S, pk, o), a0);
            a1 = v.fma(FloatVector.fromArray(S, pk, o + stride), a1);
            a2 = v.fma(FloatVector.fromArray(S, pk, o + 2 * stride), a2);
            a3 = v.fma(FloatVector.fromArray(S, pk, o + 3 * stride), a3);
            a4 = v.fma(FloatVector.fromArray(S, pk, o + 4 * stride), a4);
            a5 = v.fma(FloatVector.fromArray(S, pk, o + 5 * stride), a5);
            a6 = v.fma(FloatVector.fromArray(S, pk, o + 6 * stride), a6);
            a7 = v.fma(FloatVector.fromArray(S, pk, o + 7 * stride), a7);
        }
        int o = t * n + p * L;
        a0.intoArray(out, o);
        a1.intoArray(out, o + L);
        a2.intoArray(out, o + 2 * L);
        a3.intoArray(out, o + 3 * L);
        a4.intoArray(out, o + 4 * L);
        a5.intoArray(out, o + 5 * L);
        a6.intoArray(out, o + 6 * L);
        a7.intoArray(out, o + 7 * L);
    }

    private static void tile4x2(float[] out, float[] x, float[] pk, int n, int d, int t, int p) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int stride = d * L;
        int b0 = p * stride;
        int b1 = b0 + stride;
        int x0 = t * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        for (int j = 0; j < d; j++) {
            int o = j * L;
            FloatVector u0 = FloatVector.fromArray(S, pk, b0 + o);
            FloatVector u1 = FloatVector.fromArray(S, pk, b1 + o);
            FloatVector v = FloatVector.broadcast(S, x[x0 + j]);
            a00 = v.fma(u0, a00);
            a01 = v.fma(u1, a01);
            v = FloatVector.broadcast(S, x[x1 + j]);
            a10 = v.fma(u0, a10);
            a11 = v.fma(u1, a11);
            v = FloatVector.broadcast(S, x[x2 + j]);
            a20 = v.fma(u0, a20);
            a21 = v.fma(u1, a21);
            v = FloatVector.broadcast(S, x[x3 + j]);
            a30 = v.fma(u0, a30);
            a31 = v.fma(u1, a31);
        }
        int o = t * n + p * L;
        a00.intoArray(out, o);
        a01.intoArray(out, o + L);
        o += n;
        a10.intoArray(out, o);
        a11.intoArray(out, o + L);
        o += n;
        a20.intoArray(out, o);
        a21.intoArray(out, o + L);
        o += n;
        a30.intoArray(out, o);
        a31.intoArray(out, o + L);
    }

    private static void tile4x1(float[] out, float[] x, float[] pk, int n, int d, int t, int p) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int b0 = p * d * L;
        int x0 = t * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        for (int j = 0; j < d; j++) {
            FloatVector u = FloatVector.fromArray(S, pk, b0 + j * L);
            a0 = FloatVector.broadcast(S, x[x0 + j]).fma(u, a0);
            a1 = FloatVector.broadcast(S, x[x1 + j]).fma(u, a1);
            a2 = FloatVector.broadcast(S, x[x2 + j]).fma(u, a2);
            a3 = FloatVector.broadcast(S, x[x3 + j]).fma(u, a3);
        }
        int o = t * n + p * L;
        a0.intoArray(out, o);
        a1.intoArray(out, o + n);
        a2.intoArray(out, o + 2 * n);
        a3.intoArray(out, o + 3 * n);
    }

    private static void tile1x1(float[] out, float[] x, float[] pk, int n, int d, int t, int p) {
        FloatVector a = FloatVector.zero(S);
        int b0 = p * d * L;
        int x0 = t * d;
        for (int j = 0; j < d; j++) {
            a = FloatVector.broadcast(S, x[x0 + j]).fma(FloatVector.fromArray(S, pk, b0 + j * L), a);
        }
        a.intoArray(out, t * n + p * L);
    }

    private static void block4x4(float[] out, float[] x, float[] w, int n, int d, int dv, int t, int i) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = t * d;
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        int w0 = i * d;
        int w1 = w0 + d;
        int w2 = w1 + d;
        int w3 = w2 + d;
        for (int j = 0; j < dv; j += L) {
            FloatVector u0 = FloatVector.fromArray(S, w, w0 + j);
            FloatVector u1 = FloatVector.fromArray(S, w, w1 + j);
            FloatVector u2 = FloatVector.fromArray(S, w, w2 + j);
            FloatVector u3 = FloatVector.fromArray(S, w, w3 + j);
            FloatVector v = FloatVector.fromArray(S, x, x0 + j);
            a00 = v.fma(u0, a00);
            a01 = v.fma(u1, a01);
            a02 = v.fma(u2, a02);
            a03 = v.fma(u3, a03);
            v = FloatVector.fromArray(S, x, x1 + j);
            a10 = v.fma(u0, a10);
            a11 = v.fma(u1, a11);
            a12 = v.fma(u2, a12);
            a13 = v.fma(u3, a13);
            v = FloatVector.fromArray(S, x, x2 + j);
            a20 = v.fma(u0, a20);
            a21 = v.fma(u1, a21);
            a22 = v.fma(u2, a22);
            a23 = v.fma(u3, a23);
            v = FloatVector.fromArray(S, x, x3 + j);
            a30 = v.fma(u0, a30);
            a31 = v.fma(u1, a31);
            a32 = v.fma(u2, a32);
            a33 = v.fma(u3, a33);
        }
        // reduce here: a vector passed to a method that is not inlined would be boxed
        int o = t * n + i;
        out[o] = a00.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a01.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a02.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a03.reduceLanes(VectorOperators.ADD);
        o += n;
        out[o] = a10.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a11.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a12.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a13.reduceLanes(VectorOperators.ADD);
        o += n;
        out[o] = a20.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a21.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a22.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a23.reduceLanes(VectorOperators.ADD);
        o += n;
        out[o] = a30.reduceLanes(VectorOperators.ADD);
        out[o + 1] = a31.reduceLanes(VectorOperators.ADD);
        out[o + 2] = a32.reduceLanes(VectorOperators.ADD);
        out[o + 3] = a33.reduceLanes(VectorOperators.ADD);
        if (dv < d) {
            tails(out, t * n + i, n, x, x0, w, w0, d, dv, 4);
        }
    }

    /** Adds the scalar tails {@code j >= dv} to a block of {@code tokens} x 4 finished lane sums. */
    private static void tails(float[] out, int o, int n, float[] x, int x0, float[] w, int w0, int d, int dv, int tokens) {
        for (int tt = 0; tt < tokens; tt++) {
            for (int r = 0; r < 4; r++) {
                out[o + tt * n + r] = tail(out[o + tt * n + r], x, x0 + tt * d, w, w0 + r * d, d, dv);
            }
        }
    }

    private static float tail(float s, float[] a, int aOff, float[] b, int bOff, int len, int from) {
        for (int j = from; j < len; j++) {
            s += a[aOff + j] * b[bOff + j];
        }
        return s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int dv = len - len % L;
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < dv; j += L) {
            acc = FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, b, bOff + j), acc);
        }
        return tail(acc.reduceLanes(VectorOperators.ADD), a, aOff, b, bOff, len, dv);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        int dv = len - len % L;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int k = 0; k < dv; k += L) {
            FloatVector.fromArray(S, x, xOff + k).fma(va, FloatVector.fromArray(S, y, yOff + k)).intoArray(y, yOff + k);
        }
        for (int k = dv; k < len; k++) {
            y[yOff + k] += alpha * x[xOff + k];
        }
    }

    @Override
    public void scoresTransposed(float[] q, int qOff, float[] kT, int kOff, int rowStride, int count, int len,
                                 float scale, float[] att, int attOff) {
        // L positions per vector: lane p runs exactly the scalar definition (four fused partial sums)
        int p = 0;
        FloatVector vs = FloatVector.broadcast(S, scale);
        for (; p + L <= count; p += L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int o = kOff + p;
            int i = 0;
            for (; i + 4 <= len; i += 4) {
                s0 = FloatVector.fromArray(S, kT, o + i * rowStride).fma(FloatVector.broadcast(S, q[qOff + i]), s0);
                s1 = FloatVector.fromArray(S, kT, o + (i + 1) * rowStride).fma(FloatVector.broadcast(S, q[qOff + i + 1]), s1);
                s2 = FloatVector.fromArray(S, kT, o + (i + 2) * rowStride).fma(FloatVector.broadcast(S, q[qOff + i + 2]), s2);
                s3 = FloatVector.fromArray(S, kT, o + (i + 3) * rowStride).fma(FloatVector.broadcast(S, q[qOff + i + 3]), s3);
            }
            if (i < len) {
                s0 = FloatVector.fromArray(S, kT, o + i * rowStride).fma(FloatVector.broadcast(S, q[qOff + i]), s0);
            }
            if (i + 1 < len) {
                s1 = FloatVector.fromArray(S, kT, o + (i + 1) * rowStride).fma(FloatVector.broadcast(S, q[qOff + i + 1]), s1);
            }
            if (i + 2 < len) {
                s2 = FloatVector.fromArray(S, kT, o + (i + 2) * rowStride).fma(FloatVector.broadcast(S, q[qOff + i + 2]), s2);
            }
            s0.add(s1).add(s2.add(s3)).mul(vs).intoArray(att, attOff + p);
        }
        for (; p < count; p++) {
            att[attOff + p] = MatrixKernels.scoreTransposed(q, qOff, kT, kOff + p, rowStride, len) * scale;
        }
    }

    @Override
    public void weightedSum(float[] att, int attOff, float inv, float[] v, int vOff, int stride, int count, int len,
                            float[] out, int outOff) {
        if (len != 3 * L) {
            MatrixKernels.super.weightedSum(att, attOff, inv, v, vOff, stride, count, len, out, outOff);
            return;
        }
        // out stays in registers across positions: the same FMAs as successive axpy calls, no store/reload
        FloatVector o0 = FloatVector.fromArray(S, out, outOff);
        FloatVector o1 = FloatVector.fromArray(S, out, outOff + L);
        FloatVector o2 = FloatVector.fromArray(S, out, outOff + 2 * L);
        for (int p = 0; p < count; p++) {
            FloatVector a = FloatVector.broadcast(S, att[attOff + p] * inv);
            int o = vOff + p * stride;
            o0 = FloatVector.fromArray(S, v, o).fma(a, o0);
            o1 = FloatVector.fromArray(S, v, o + L).fma(a, o1);
            o2 = FloatVector.fromArray(S, v, o + 2 * L).fma(a, o2);
        }
        o0.intoArray(out, outOff);
        o1.intoArray(out, outOff + L);
        o2.intoArray(out, outOff + 2 * L);
    }
}
