package io.homeostat.engine.cpu;

import io.homeostat.engine.exec.DecoderBackend;
import io.homeostat.engine.exec.StepBatch;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.Rope;

/**
 * The CPU reference forward pass of the Llama decoder over a paged KV cache: the model math of llama2.c's
 * {@code run.c} (RMSNorm, RoPE, grouped-query attention, SwiGLU), generalised from one token to a
 * {@link StepBatch} of many tokens from many sequences so that a batch turns matrix-vector work into
 * matrix-matrix work (weights are read once per step, not once per token).
 *
 * <pre>
 *  per layer:  x ─► rmsnorm ─► q,k,v = x·Wq,Wk,Wv ─► rope(q,k) ─► k,v → cache[block table]
 *                 ─► attention(q, cache) ─► x += ·Wo ─► rmsnorm ─► x += (silu(·W1) ⊙ ·W3)·W2
 *  end:        last token of each sequence ─► rmsnorm ─► logits = ·Wcls
 * </pre>
 *
 * K/V live in one float array each per layer: values laid out {@code [block][kv_head][slot in block][head_size]}
 * (a head's values in a block are one contiguous run, not rows strided by kv_dim), keys transposed within each
 * block, {@code [block][kv_dim][slot in block]}, so the scores of a block's positions are lane-wise FMAs with no
 * horizontal sum ({@link MatrixKernels#scoresTransposed}). Matrix work is split by
 * output rows over a fixed thread pool; attention by (token, head).
 */
public final class CpuBackend implements DecoderBackend {
    private final ModelWeights w;
    private final ModelConfig c;
    private final Rope rope;
    private final int blocks;
    private final int blockSize;
    private final float[][] keyCache;
    private final float[][] valueCache;
    private final MatrixKernels k;
    private final Parallel par;
    private final boolean ownsParallel;
    private int capacity;
    private float[] x;
    private float[] xb;
    private float[] xb2;
    private float[] q;
    private float[] kk;
    private float[] vv;
    private float[] hb;
    private float[] hb2;
    private float[] last = new float[0];
    /** Every weight matrix in the kernels' prepared layout ({@link MatrixKernels#prepare}). */
    private final float[][] wq;
    private final float[][] wk;
    private final float[][] wv;
    private final float[][] wo;
    private final float[][] w1;
    private final float[][] w2;
    private final float[][] w3;
    private final float[] classifier;

    public CpuBackend(ModelWeights weights, int kvBlocks, int blockSize, MatrixKernels kernels, int threads) {
        this(weights, kvBlocks, blockSize, kernels, new Parallel(threads), true);
    }

    public CpuBackend(ModelWeights weights, int kvBlocks, int blockSize, MatrixKernels kernels, Parallel parallel,
                      boolean ownsParallel) {
        this.w = weights;
        this.c = weights.config();
        this.rope = new Rope(c);
        this.blocks = kvBlocks;
        this.blockSize = blockSize;
        long perLayer = (long) kvBlocks * blockSize * c.kvDim();
        if (perLayer > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("KV pool of " + kvBlocks + " blocks is too large for the CPU executor");
        }
        this.keyCache = new float[c.layers()][(int) perLayer];
        this.valueCache = new float[c.layers()][(int) perLayer];
        this.k = kernels;
        this.par = parallel;
        this.ownsParallel = ownsParallel;
        int layers = c.layers();
        wq = new float[layers][];
        wk = new float[layers][];
        wv = new float[layers][];
        wo = new float[layers][];
        w1 = new float[layers][];
        w2 = new float[layers][];
        w3 = new float[layers][];
        for (int l = 0; l < layers; l++) {
            wq[l] = kernels.prepare(weights.wq[l], c.dim(), c.dim());
            wk[l] = kernels.prepare(weights.wk[l], c.kvDim(), c.dim());
            wv[l] = kernels.prepare(weights.wv[l], c.kvDim(), c.dim());
            wo[l] = kernels.prepare(weights.wo[l], c.dim(), c.dim());
            w1[l] = kernels.prepare(weights.w1[l], c.hiddenDim(), c.dim());
            w2[l] = kernels.prepare(weights.w2[l], c.dim(), c.hiddenDim());
            w3[l] = kernels.prepare(weights.w3[l], c.hiddenDim(), c.dim());
        }
        classifier = kernels.prepare(weights.classifier, c.vocabSize(), c.dim());
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "cpu x" + par.threads() + " (" + k.name() + ")";
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    @Override
    public int kvBlocks() {
        return blocks;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void forward(StepBatch step, float[] logits) {
        int tokens = step.tokenCount();
        ensure(tokens);
        int dim = c.dim();
        int kvDim = c.kvDim();
        int hidden = c.hiddenDim();
        int[] ids = step.tokens();
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(w.tokenEmbedding, ids[t] * dim, x, t * dim, dim);
        }
        for (int l = 0; l < c.layers(); l++) {
            rmsnorm(xb, x, w.rmsAtt[l], tokens, dim);
            qkv(xb, wq[l], wk[l], wv[l], tokens);
            int[] pos = step.positions();
            for (int t = 0; t < tokens; t++) {
                rope.rotate(q, t * dim, c.heads(), c.headSize(), pos[t]);
                rope.rotate(kk, t * kvDim, c.kvHeads(), c.headSize(), pos[t]);
                int block = block(step, step.tokenSequence()[t], pos[t]);
                int inBlock = pos[t] % blockSize;
                // values by KV head within their block: [block][kv_head][slot][head_size]
                int hs = c.headSize();
                for (int kh = 0; kh < c.kvHeads(); kh++) {
                    System.arraycopy(vv, t * kvDim + kh * hs, valueCache[l],
                        block * blockSize * kvDim + kh * blockSize * hs + inBlock * hs, hs);
                }
                // keys transposed within their block: [block][kv_dim][slot]
                int kBase = block * kvDim * blockSize + inBlock;
                float[] kc = keyCache[l];
                for (int j = 0; j < kvDim; j++) {
                    kc[kBase + j * blockSize] = kk[t * kvDim + j];
                }
            }
            attention(step, l, tokens);
            matmul(xb, xb2, wo[l], tokens, dim, dim);
            add(x, xb, tokens * dim);
            rmsnorm(xb, x, w.rmsFfn[l], tokens, dim);
            gateUp(xb, w1[l], w3[l], tokens);
            matmul(xb, hb, w2[l], tokens, dim, hidden);
            add(x, xb, tokens * dim);
        }
        int seqs = step.seqCount();
        if (last.length < seqs * dim) {
            last = new float[seqs * dim];
        }
        for (int s = 0; s < seqs; s++) {
            rmsnormRow(last, s * dim, x, step.lastToken(s) * dim, w.rmsFinal, dim);
        }
        matmul(logits, last, classifier, seqs, c.vocabSize(), dim);
    }

    private void attention(StepBatch step, int layer, int tokens) {
        int heads = c.heads();
        int hs = c.headSize();
        int dim = c.dim();
        int kvDim = c.kvDim();
        int group = c.groupSize();
        float scale = (float) (1.0 / Math.sqrt(hs));
        float[] kc = keyCache[layer];
        float[] vc = valueCache[layer];
        int[] pos = step.positions();
        int[] seqOf = step.tokenSequence();
        int bs = blockSize;
        int maxBlocks = step.maxBlocksPerSequence();
        int[] tables = step.blockTables();
        par.forRange(tokens * heads, 4, (from, to) -> {
            float[] att = new float[c.seqLen()];
            for (int item = from; item < to; item++) {
                int t = item / heads;
                int h = item % heads;
                int s = seqOf[t];
                int p = pos[t];
                int qOff = t * dim + h * hs;
                int kvOff = (h / group) * hs;
                int table = s * maxBlocks;
                // walk the block table block by block: no division per position
                float max = Float.NEGATIVE_INFINITY;
                for (int b0 = 0; b0 <= p; b0 += bs) {
                    int kBase = tables[table + b0 / bs] * bs * kvDim + kvOff * bs;
                    int count = Math.min(p, b0 + bs - 1) - b0 + 1;
                    k.scoresTransposed(q, qOff, kc, kBase, bs, count, hs, scale, att, b0);
                    for (int pp = b0; pp < b0 + count; pp++) {
                        if (att[pp] > max) {
                            max = att[pp];
                        }
                    }
                }
                float sum = 0;
                for (int pp = 0; pp <= p; pp++) {
                    float e = (float) Math.exp(att[pp] - max);
                    att[pp] = e;
                    sum += e;
                }
                float inv = 1.0f / sum;
                java.util.Arrays.fill(xb2, qOff, qOff + hs, 0f);
                for (int b0 = 0; b0 <= p; b0 += bs) {
                    int base = tables[table + b0 / bs] * bs * kvDim + kvOff * bs;
                    int count = Math.min(p, b0 + bs - 1) - b0 + 1;
                    k.weightedSum(att, b0, inv, vc, base, hs, count, hs, xb2, qOff);
                }
            }
        });
        assert kvDim > 0;
    }

    /** Physical KV block holding (sequence, position). */
    private int block(StepBatch step, int seq, int position) {
        return step.blockTables()[seq * step.maxBlocksPerSequence() + position / blockSize];
    }

    private void matmul(float[] out, float[] in, float[] weights, int tokens, int n, int d) {
        // split in whole units of the kernels' row alignment (SIMD: one panel of L rows)
        int unit = Math.max(1, k.rowAlignment());
        int units = (n + unit - 1) / unit;
        int grainRows = Math.max(8, 65536 / Math.max(1, tokens * d));
        int grain = Math.max(1, (grainRows + unit - 1) / unit);
        par.forRange(units, grain, (from, to) ->
                k.matmulPrepared(out, in, weights, tokens, n, d, from * unit, Math.min(n, to * unit)));
    }

    /** q, k, v = x·Wq, x·Wk, x·Wv in one parallel pass: the row units of the three matrices split together. */
    private void qkv(float[] in, float[] pq, float[] pk, float[] pv, int tokens) {
        int dim = c.dim();
        int kvDim = c.kvDim();
        int unit = Math.max(1, k.rowAlignment());
        int uq = (dim + unit - 1) / unit;
        int ukv = (kvDim + unit - 1) / unit;
        int grainRows = Math.max(8, 65536 / Math.max(1, tokens * dim));
        int grain = Math.max(1, (grainRows + unit - 1) / unit);
        par.forRange(uq + 2 * ukv, grain, (from, to) -> {
            rows(q, in, pq, tokens, dim, dim, unit, from, to);
            rows(kk, in, pk, tokens, kvDim, dim, unit, from - uq, to - uq);
            rows(vv, in, pv, tokens, kvDim, dim, unit, from - uq - ukv, to - uq - ukv);
        });
    }

    /** hb = silu(x·W1) ⊙ x·W3 in one parallel pass: each chunk does both products and SwiGLU on its rows. */
    private void gateUp(float[] in, float[] p1, float[] p3, int tokens) {
        int dim = c.dim();
        int hidden = c.hiddenDim();
        int unit = Math.max(1, k.rowAlignment());
        int units = (hidden + unit - 1) / unit;
        int grainRows = Math.max(8, 65536 / Math.max(1, tokens * dim));
        int grain = Math.max(1, (grainRows + unit - 1) / unit);
        par.forRange(units, grain, (from, to) -> {
            int i0 = from * unit;
            int i1 = Math.min(hidden, to * unit);
            k.matmulPrepared(hb, in, p1, tokens, hidden, dim, i0, i1);
            k.matmulPrepared(hb2, in, p3, tokens, hidden, dim, i0, i1);
            for (int t = 0; t < tokens; t++) {
                swiglu(hb, hb2, t * hidden + i0, t * hidden + i1);
            }
        });
    }

    /** The units {@code [from, to)} of one matrix, clipped to its {@code [0, n)} rows. */
    private void rows(float[] out, float[] in, float[] prepared, int tokens, int n, int d, int unit, int from, int to) {
        int i0 = Math.max(0, from) * unit;
        int i1 = Math.min(n, Math.max(0, to) * unit);
        if (i0 < i1) {
            k.matmulPrepared(out, in, prepared, tokens, n, d, i0, i1);
        }
    }

    private static void rmsnorm(float[] out, float[] in, float[] gain, int tokens, int dim) {
        for (int t = 0; t < tokens; t++) {
            rmsnormRow(out, t * dim, in, t * dim, gain, dim);
        }
    }

    private static void rmsnormRow(float[] out, int outOff, float[] in, int inOff, float[] gain, int dim) {
        float ss = 0;
        for (int j = 0; j < dim; j++) {
            float v = in[inOff + j];
            ss += v * v;
        }
        ss = ss / dim + ModelConfig.NORM_EPS;
        float inv = (float) (1.0 / Math.sqrt(ss));
        for (int j = 0; j < dim; j++) {
            out[outOff + j] = gain[j] * (inv * in[inOff + j]);
        }
    }

    private static void swiglu(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = g / (1.0f + (float) Math.exp(-g)) * up[i];
        }
    }

    private static void add(float[] acc, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += delta[i];
        }
    }

    private void ensure(int tokens) {
        if (tokens <= capacity) {
            return;
        }
        int cap = Math.max(tokens, capacity * 2);
        x = new float[cap * c.dim()];
        xb = new float[cap * c.dim()];
        xb2 = new float[cap * c.dim()];
        q = new float[cap * c.dim()];
        kk = new float[cap * c.kvDim()];
        vv = new float[cap * c.kvDim()];
        hb = new float[cap * c.hiddenDim()];
        hb2 = new float[cap * c.hiddenDim()];
        capacity = cap;
    }

    @Override
    public void close() {
        if (ownsParallel) {
            par.close();
        }
    }
}
