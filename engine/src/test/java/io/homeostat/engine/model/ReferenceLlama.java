package io.homeostat.engine.model;

/**
 * A deliberately naive, independent transliteration of llama2.c's {@code forward()} in double precision:
 * one token at a time, contiguous KV cache, no batching, no paging. Tests compare the executors to it.
 */
public final class ReferenceLlama {
    private final ModelWeights w;
    private final ModelConfig c;
    private final double[][][] keys;
    private final double[][][] values;

    public ReferenceLlama(ModelWeights w) {
        this.w = w;
        this.c = w.config();
        this.keys = new double[c.layers()][c.seqLen()][c.kvDim()];
        this.values = new double[c.layers()][c.seqLen()][c.kvDim()];
    }

    /** Logits after feeding {@code token} at {@code pos} (earlier positions must have been fed). */
    public double[] forward(int token, int pos) {
        int dim = c.dim();
        int hs = c.headSize();
        double[] x = new double[dim];
        for (int j = 0; j < dim; j++) {
            x[j] = w.tokenEmbedding[token * dim + j];
        }
        for (int l = 0; l < c.layers(); l++) {
            double[] xb = rmsnorm(x, w.rmsAtt[l]);
            double[] q = matvec(w.wq[l], xb, dim, dim);
            double[] k = matvec(w.wk[l], xb, c.kvDim(), dim);
            double[] v = matvec(w.wv[l], xb, c.kvDim(), dim);
            for (int i = 0; i < dim; i += 2) {
                int headDim = i % hs;
                double freq = 1.0 / Math.pow(10000.0, headDim / (double) hs);
                double val = pos * freq;
                double fcr = Math.cos(val);
                double fci = Math.sin(val);
                rotate(q, i, fcr, fci);
                if (i < c.kvDim()) {
                    rotate(k, i, fcr, fci);
                }
            }
            keys[l][pos] = k;
            values[l][pos] = v;
            double[] att = new double[dim];
            for (int h = 0; h < c.heads(); h++) {
                int kvh = h / c.groupSize();
                double[] scores = new double[pos + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t <= pos; t++) {
                    double s = 0;
                    for (int i = 0; i < hs; i++) {
                        s += q[h * hs + i] * keys[l][t][kvh * hs + i];
                    }
                    scores[t] = s / Math.sqrt(hs);
                    max = Math.max(max, scores[t]);
                }
                double sum = 0;
                for (int t = 0; t <= pos; t++) {
                    scores[t] = Math.exp(scores[t] - max);
                    sum += scores[t];
                }
                for (int t = 0; t <= pos; t++) {
                    for (int i = 0; i < hs; i++) {
                        att[h * hs + i] += scores[t] / sum * values[l][t][kvh * hs + i];
                    }
                }
            }
            double[] o = matvec(w.wo[l], att, dim, dim);
            for (int j = 0; j < dim; j++) {
                x[j] += o[j];
            }
            xb = rmsnorm(x, w.rmsFfn[l]);
            double[] h1 = matvec(w.w1[l], xb, c.hiddenDim(), dim);
            double[] h3 = matvec(w.w3[l], xb, c.hiddenDim(), dim);
            for (int i = 0; i < h1.length; i++) {
                h1[i] = h1[i] / (1 + Math.exp(-h1[i])) * h3[i];
            }
            double[] down = matvec(w.w2[l], h1, dim, c.hiddenDim());
            for (int j = 0; j < dim; j++) {
                x[j] += down[j];
            }
        }
        x = rmsnorm(x, w.rmsFinal);
        return matvec(w.classifier, x, c.vocabSize(), dim);
    }

    /** Greedy generation from a prompt, from a fresh cache. */
    public int[] generate(int[] prompt, int maxNew) {
        int[] out = new int[maxNew];
        double[] logits = null;
        for (int p = 0; p < prompt.length; p++) {
            logits = forward(prompt[p], p);
        }
        for (int g = 0; g < maxNew; g++) {
            out[g] = argmax(logits);
            if (g + 1 < maxNew) {
                logits = forward(out[g], prompt.length + g);
            }
        }
        return out;
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void rotate(double[] v, int i, double fcr, double fci) {
        double v0 = v[i];
        double v1 = v[i + 1];
        v[i] = v0 * fcr - v1 * fci;
        v[i + 1] = v0 * fci + v1 * fcr;
    }

    private double[] rmsnorm(double[] x, float[] gain) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        ss = 1.0 / Math.sqrt(ss / x.length + ModelConfig.NORM_EPS);
        double[] o = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            o[j] = gain[j] * ss * x[j];
        }
        return o;
    }

    private static double[] matvec(float[] m, double[] x, int rows, int cols) {
        double[] o = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += m[i * cols + j] * x[j];
            }
            o[i] = s;
        }
        return o;
    }
}
