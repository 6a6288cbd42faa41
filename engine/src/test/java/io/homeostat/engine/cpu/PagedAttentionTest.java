package io.homeostat.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.engine.exec.Sampler;
import io.homeostat.engine.exec.StepBatch;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import io.homeostat.engine.model.ReferenceLlama;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Paged attention against contiguous attention: the same sequences through block tables laid out
 * contiguously, scattered and interleaved across sequences, and with other block sizes. Same block size:
 * bit-identical logits (only addresses differ). Any block size: the double-precision contiguous
 * {@link ReferenceLlama} within float tolerance, and the same greedy tokens.
 */
class PagedAttentionTest {
    private static final ModelConfig SHAPE = new ModelConfig(64, 160, 2, 4, 2, 300, 64, true);
    private static final ModelWeights WEIGHTS = RandomWeights.generate(SHAPE, 11);
    private static final int[] LENGTHS = {40, 23, 1};
    private static final int NEW_TOKENS = 12;

    protected MatrixKernels kernels() {
        return new ScalarKernels();
    }

    @Test
    void scatteredBlockTablesGiveBitIdenticalLogits() {
        // 3 sequences of up to 52 tokens = 4 blocks of 16 each
        int[][] contiguous = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}};
        int[][] scattered = {{13, 2, 9, 6}, {0, 15, 4, 11}, {7, 3, 12, 1}};
        Trace a = run(16, 16, contiguous, 7);
        Trace b = run(16, 16, scattered, 7);
        assertEquals(a.logits.size(), b.logits.size());
        for (int i = 0; i < a.logits.size(); i++) {
            assertArrayEquals(a.logits.get(i), b.logits.get(i), "step logits " + i);
        }
        assertArrayEquals(a.tokens, b.tokens);
    }

    @Test
    void everyBlockSizeMatchesTheContiguousReference() {
        for (int blockSize : new int[] {1, 3, 16, 64}) {
            int perSeq = (64 + blockSize - 1) / blockSize;
            int blocks = perSeq * LENGTHS.length;
            int[][] tables = new int[LENGTHS.length][perSeq];
            int[] perm = permutation(blocks, blockSize);
            for (int s = 0; s < LENGTHS.length; s++) {
                for (int i = 0; i < perSeq; i++) {
                    tables[s][i] = perm[s + i * LENGTHS.length]; // interleave the sequences' blocks
                }
            }
            Trace t = run(blocks, blockSize, tables, 5);
            for (int s = 0; s < LENGTHS.length; s++) {
                ReferenceLlama ref = new ReferenceLlama(WEIGHTS);
                int[] all = t.tokens[s];
                for (int pos = 0; pos < all.length - 1; pos++) {
                    double[] expected = ref.forward(all[pos], pos);
                    float[] actual = t.logitsAt(s, pos);
                    if (actual != null) {
                        for (int v = 0; v < expected.length; v++) {
                            assertEquals(expected[v], actual[v], 2e-3, "block size " + blockSize + " seq " + s
                                    + " pos " + pos + " logit " + v);
                        }
                    }
                    if (pos >= LENGTHS[s] - 1) {
                        assertEquals(ReferenceLlama.argmax(expected), all[pos + 1], "greedy token at " + (pos + 1));
                    }
                }
            }
        }
    }

    /** Logits of each sequence's last token after every step, and every sequence's tokens (prompt + output). */
    private static final class Trace {
        final List<float[]> logits = new ArrayList<>();
        final List<int[]> where = new ArrayList<>(); // {seq, position} of each logits row
        int[][] tokens;

        float[] logitsAt(int seq, int pos) {
            for (int i = 0; i < where.size(); i++) {
                if (where.get(i)[0] == seq && where.get(i)[1] == pos) {
                    return logits.get(i);
                }
            }
            return null;
        }
    }

    /** Prefills all sequences together in chunks of {@code chunk} tokens each, then decodes them greedily. */
    private Trace run(int blocks, int blockSize, int[][] tables, int chunk) {
        Trace trace = new Trace();
        int n = LENGTHS.length;
        int vocab = SHAPE.vocabSize();
        trace.tokens = new int[n][];
        for (int s = 0; s < n; s++) {
            trace.tokens[s] = Arrays.copyOf(prompt(s, LENGTHS[s]), LENGTHS[s] + NEW_TOKENS);
        }
        int maxBlocks = tables[0].length;
        float[] logits = new float[n * vocab];
        try (CpuBackend backend = new CpuBackend(WEIGHTS, blocks, blockSize, kernels(), 2)) {
            StepBatch step = new StepBatch();
            int[] fed = new int[n];
            int[] length = LENGTHS.clone();
            while (true) {
                step.reset(maxBlocks);
                List<Integer> inStep = new ArrayList<>();
                for (int s = 0; s < n; s++) {
                    int prefill = length[s] - fed[s];
                    if (prefill > 0 && length[s] < LENGTHS[s] + NEW_TOKENS) {
                        int take = Math.min(chunk, prefill);
                        step.add(trace.tokens[s], fed[s], take, fed[s], tables[s]);
                        fed[s] += take;
                        inStep.add(s);
                    }
                }
                if (inStep.isEmpty()) {
                    break;
                }
                backend.forward(step, logits);
                for (int k = 0; k < inStep.size(); k++) {
                    int s = inStep.get(k);
                    trace.logits.add(Arrays.copyOfRange(logits, k * vocab, (k + 1) * vocab));
                    trace.where.add(new int[] {s, fed[s] - 1});
                    if (fed[s] == length[s]) {
                        trace.tokens[s][length[s]++] = Sampler.argmax(logits, k * vocab, vocab);
                    }
                }
                for (int s = 0; s < n; s++) {
                    if (length[s] == LENGTHS[s] + NEW_TOKENS) {
                        fed[s] = length[s]; // the last generated token is never fed back
                    }
                }
            }
        }
        return trace;
    }

    private static int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = r.nextInt(SHAPE.vocabSize());
        }
        return p;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
