package io.homeostat.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeostat.engine.cpu.CpuBackend;
import io.homeostat.engine.cpu.Kernels;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.exec.StepBatch;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CUDA against the CPU reference on the 15M shape with the same weights and the same block tables:
 * logits of every step within a stated tolerance, and the same greedy tokens.
 *
 * <p>Tolerance: both are fp32 with different summation orders (warp trees and 16-wide k-steps on the GPU,
 * sequential or SIMD-lane order on the CPU), so logits agree to ~1e-6 relative; we require the relative
 * L2 error of each step's logits to be under {@value #REL_TOL}.
 */
@Tag("gpu")
class CudaParityTest {
    static final double REL_TOL = 1e-4;
    static final ModelConfig SHAPE = ModelConfig.stories15M();
    static final int BLOCKS = 256;
    static ModelWeights weights;

    @BeforeAll
    static void weights() {
        CudaStatus status = CudaProbe.status();
        assumeTrue(status.available(), () -> "CUDA unavailable: " + status.reason());
        weights = RandomWeights.generate(SHAPE, 42);
    }

    static int[] prompt(long seed, int len) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[len];
        p[0] = 1;
        for (int i = 1; i < len; i++) {
            p[i] = 3 + r.nextInt(SHAPE.vocabSize() - 3);
        }
        return p;
    }

    @Test
    void logitsMatchTheCpuReferenceStepByStep() throws Exception {
        int maxBlocks = SHAPE.seqLen() / 16;
        try (CpuBackend cpu = new CpuBackend(weights, BLOCKS, 16, Kernels.best(), 2);
             CudaBackend gpu = new CudaBackend(weights, BLOCKS, 16, 512, 0)) {
            // 6 sequences with scattered block tables; a prefill of different lengths, then 20 decode steps
            int seqs = 6;
            int[][] tables = new int[seqs][maxBlocks];
            List<Integer> free = new ArrayList<>();
            for (int b = 0; b < BLOCKS; b++) {
                free.add(b);
            }
            java.util.Collections.shuffle(free, new java.util.Random(3));
            int[][] prompts = new int[seqs][];
            for (int s = 0; s < seqs; s++) {
                for (int i = 0; i < maxBlocks; i++) {
                    tables[s][i] = free.remove(free.size() - 1);
                }
                prompts[s] = prompt(s, 5 + 37 * s);
            }
            StepBatch step = new StepBatch().reset(maxBlocks);
            for (int s = 0; s < seqs; s++) {
                step.add(prompts[s], 0, prompts[s].length, 0, tables[s]);
            }
            float[] a = new float[seqs * SHAPE.vocabSize()];
            float[] b = new float[seqs * SHAPE.vocabSize()];
            cpu.forward(step, a);
            gpu.forward(step, b);
            double worst = compare("prefill", a, b);
            int[] len = new int[seqs];
            for (int s = 0; s < seqs; s++) {
                len[s] = prompts[s].length;
            }
            for (int d = 0; d < 20; d++) {
                step.reset(maxBlocks);
                for (int s = 0; s < seqs; s++) {
                    int token = io.homeostat.engine.exec.Sampler.argmax(a, s * SHAPE.vocabSize(), SHAPE.vocabSize());
                    step.add(new int[] {token}, 0, 1, len[s]++, tables[s]);
                }
                cpu.forward(step, a);
                gpu.forward(step, b);
                worst = Math.max(worst, compare("decode " + d, a, b));
            }
            System.out.printf("parity: worst relative L2 error of logits over 21 steps = %.3e (tolerance %.0e)%n", worst, REL_TOL);
        }
    }

    @Test
    void greedyTokensEqualTheCpuExecutor() throws Exception {
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seqs.add(SequenceRequest.greedy("r" + i, prompt(100 + i, 8 + 20 * i), 48));
        }
        ExecutionBatch batch = ExecutionBatch.of("parity", seqs);
        BatchOutcome cpu;
        BatchOutcome gpu;
        try (DecoderExecutor c = io.homeostat.engine.cpu.CpuExecutors.create(weights, BLOCKS, 16, 2, 256, false);
             DecoderExecutor g = CudaExecutors.create(weights, BLOCKS, 16, 256, 0, false)) {
            cpu = c.execute(batch);
            gpu = g.execute(batch);
        }
        int same = 0;
        for (int i = 0; i < seqs.size(); i++) {
            int[] x = cpu.results().get(i).output();
            int[] y = gpu.results().get(i).output();
            if (java.util.Arrays.equals(x, y)) {
                same++;
            }
            assertArrayEquals(x, y, "sequence " + i);
        }
        System.out.printf("parity: %d/%d sequences x 48 greedy tokens identical on CPU and CUDA%n", same, seqs.size());
    }

    private static double compare(String what, float[] cpu, float[] gpu) {
        double num = 0;
        double den = 0;
        double maxAbs = 0;
        for (int i = 0; i < cpu.length; i++) {
            assertTrue(Float.isFinite(gpu[i]), what + ": non-finite logit at " + i);
            double d = cpu[i] - gpu[i];
            num += d * d;
            den += (double) cpu[i] * cpu[i];
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel < REL_TOL, what + ": relative L2 error " + rel + " (max abs " + maxAbs + ")");
        return rel;
    }
}
