package io.homeostat.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.homeostat.engine.exec.StepBatch;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * The CPU forward pass on {@link TinyModels}, checked against logits worked out by hand (see that class for
 * the arithmetic). Subclasses run the same checks with other kernels.
 */
class HandComputedModelTest {

    protected MatrixKernels kernels() {
        return new ScalarKernels();
    }

    @Test
    void successorLogitsAreExactlyOneHotTokenByToken() {
        ModelWeights w = TinyModels.successor();
        try (CpuBackend backend = new CpuBackend(w, 4, 4, kernels(), 1)) {
            StepBatch step = new StepBatch();
            float[] logits = new float[8];
            int[] table = {2, 0, 3};
            int token = 5;
            for (int pos = 0; pos < 12; pos++) {
                step.reset(3).add(new int[] {token}, 0, 1, pos, table);
                backend.forward(step, logits);
                int next = (token + 1) % 8;
                for (int j = 0; j < 8; j++) {
                    double expected = j == next ? TinyModels.SUCCESSOR_LOGIT : 0.0;
                    assertEquals(expected, logits[j], 1e-5, "pos " + pos + " token " + token + " logit " + j);
                }
                token = next;
            }
        }
    }

    @Test
    void leastFrequentLogitsAreTheNegatedFrequenciesTokenByToken() {
        ModelWeights w = TinyModels.leastFrequent();
        double c = 1.0 / Math.sqrt(2.0 / 16 + 1e-5); // attention RMSNorm scale of e_i + e_8
        int[] prompt = {3, 3, 1, 0, 2, 2};
        int[] counts = new int[4];
        try (CpuBackend backend = new CpuBackend(w, 8, 2, kernels(), 1)) {
            StepBatch step = new StepBatch();
            float[] logits = new float[4];
            int[] table = {7, 1, 4, 2, 0, 6, 3, 5};
            for (int pos = 0; pos < prompt.length; pos++) {
                counts[prompt[pos]]++;
                step.reset(8).add(prompt, pos, 1, pos, table);
                backend.forward(step, logits);
                // residual x = e_tok + e_8 + c * freq in dims 4..7; final RMSNorm scales every logit by s
                double[] x = new double[16];
                x[prompt[pos]] = 1;
                x[8] = 1;
                double ss = 0;
                for (int j = 0; j < 4; j++) {
                    x[4 + j] = c * counts[j] / (pos + 1);
                }
                for (double v : x) {
                    ss += v * v;
                }
                double s = 1.0 / Math.sqrt(ss / 16 + 1e-5);
                for (int j = 0; j < 4; j++) {
                    double expected = -s * (x[4 + j] + 0.001 * j);
                    assertEquals(expected, logits[j], 1e-5, "pos " + pos + " logit " + j);
                }
            }
        }
    }
}
