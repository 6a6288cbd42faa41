package io.homeostat.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomWeightsTest {
    private static final ModelConfig SHAPE = new ModelConfig(64, 96, 2, 4, 2, 300, 32, false);

    @Test
    void sameSeedSameWeights() {
        ModelWeights a = RandomWeights.generate(SHAPE, 42);
        ModelWeights b = RandomWeights.generate(SHAPE, 42);
        assertArrayEquals(a.tokenEmbedding, b.tokenEmbedding);
        assertArrayEquals(a.classifier, b.classifier);
        assertArrayEquals(a.rmsFinal, b.rmsFinal);
        for (int l = 0; l < SHAPE.layers(); l++) {
            assertArrayEquals(a.wq[l], b.wq[l]);
            assertArrayEquals(a.wk[l], b.wk[l]);
            assertArrayEquals(a.w2[l], b.w2[l]);
            assertArrayEquals(a.rmsAtt[l], b.rmsAtt[l]);
        }
    }

    @Test
    void otherSeedOtherWeightsAndLayersDiffer() {
        ModelWeights a = RandomWeights.generate(SHAPE, 42);
        ModelWeights b = RandomWeights.generate(SHAPE, 43);
        assertFalse(Arrays.equals(a.tokenEmbedding, b.tokenEmbedding));
        assertFalse(Arrays.equals(a.wq[0], a.wq[1]), "each layer draws its own weights");
    }

    @Test
    void matricesAreScaledByFanIn() {
        ModelWeights a = RandomWeights.generate(SHAPE, 1);
        assertEquals(1.0 / Math.sqrt(64), std(a.wq[0]), 0.01);
        assertEquals(RandomWeights.RESIDUAL_GAIN / Math.sqrt(96), std(a.w2[0]), 0.04);
        assertEquals(RandomWeights.RESIDUAL_GAIN / Math.sqrt(64), std(a.wo[0]), 0.04);
        assertEquals(1.0, std(a.tokenEmbedding), 0.02);
    }

    private static double std(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s / v.length);
    }
}
