package io.homeostat.engine.exec;

import java.util.SplittableRandom;

/**
 * Greedy (argmax, lowest index on ties) or temperature sampling with a per-sequence seeded generator, so
 * a request's output depends only on its prompt, its seed and the weights — never on batch neighbours.
 */
public final class Sampler {
    private Sampler() {
    }

    public static int argmax(float[] logits, int off, int n) {
        int best = 0;
        float bestValue = logits[off];
        for (int i = 1; i < n; i++) {
            float v = logits[off + i];
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    /** Samples from softmax(logits / temperature). */
    public static int sample(float[] logits, int off, int n, float temperature, SplittableRandom rng) {
        float max = logits[off + argmax(logits, off, n)];
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[off + i] - max) / temperature);
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += p[i];
            if (u < acc) {
                return i;
            }
        }
        return n - 1;
    }
}
