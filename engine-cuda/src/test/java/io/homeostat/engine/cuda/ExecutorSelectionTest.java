package io.homeostat.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.RandomWeights;
import org.junit.jupiter.api.Test;

/** executor=auto|cpu|cuda on whatever machine runs the tests (with or without a GPU). */
class ExecutorSelectionTest {
    private static final ModelConfig TINY = new ModelConfig(32, 64, 1, 2, 2, 300, 32, true);

    private static ExecutorSpec spec(ExecutorKind kind) {
        return new ExecutorSpec(kind, 16, 16, 16, 1, 64, false, 0);
    }

    @Test
    void autoPicksCudaExactlyWhenItIsUsable() {
        try (DecoderExecutor e = Executors.open(RandomWeights.generate(TINY, 1), spec(ExecutorKind.AUTO))) {
            assertEquals(CudaProbe.status().available() ? "cuda" : "cpu", e.name());
        }
    }

    @Test
    void cpuIsAlwaysCpu() {
        try (DecoderExecutor e = Executors.open(RandomWeights.generate(TINY, 1), spec(ExecutorKind.CPU))) {
            assertEquals("cpu", e.name());
        }
    }

    @Test
    void cudaWithoutAGpuFailsAtStartAndSaysWhy() {
        CudaStatus status = CudaProbe.status();
        if (status.available()) {
            try (DecoderExecutor e = Executors.open(RandomWeights.generate(TINY, 1), spec(ExecutorKind.CUDA))) {
                assertEquals("cuda", e.name());
            }
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Executors.open(RandomWeights.generate(TINY, 1), spec(ExecutorKind.CUDA)));
        assertTrue(e.getMessage().contains(status.reason()), e.getMessage());
        assertFalse(status.reason().isBlank());
    }

    @Test
    void probeExplainsAMissingDriver() {
        CudaStatus status = CudaProbe.status();
        if (!status.available() && !new java.io.File("/dev/nvidiactl").exists()) {
            assertTrue(status.reason().contains("libcuda") || status.reason().contains("device"), status.reason());
        }
    }

    @Test
    void parsesTheSetting() {
        assertEquals(ExecutorKind.CUDA, ExecutorKind.parse(" Cuda "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorKind.parse("tpu"));
        assertTrue(e.getMessage().contains("auto, cpu or cuda"));
    }
}
