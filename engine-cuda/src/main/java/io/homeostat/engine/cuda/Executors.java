package io.homeostat.engine.cuda;

import io.homeostat.engine.cpu.CpuExecutors;
import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.model.ModelWeights;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the executor the configuration asks for.
 *
 * <pre>
 *   auto ─► CUDA usable? ── yes ─► CUDA executor
 *                        └─ no ──► CPU executor  (one INFO line saying why, once per JVM)
 *   cuda ─► CUDA usable? ── no ──► IllegalStateException naming the reason (no libcuda / no device / old driver)
 *   cpu  ─► CPU executor
 * </pre>
 */
public final class Executors {
    private static final Logger LOG = LoggerFactory.getLogger(Executors.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private Executors() {
    }

    public static DecoderExecutor open(ModelWeights weights, ExecutorSpec spec) {
        ExecutorKind kind = spec.kind();
        if (kind == ExecutorKind.CPU) {
            return cpu(weights, spec);
        }
        CudaStatus status = CudaProbe.status();
        if (!status.available()) {
            if (kind == ExecutorKind.CUDA) {
                throw new IllegalStateException("executor=cuda was asked for, but CUDA is unavailable: " + status.reason()
                        + ". Use executor=auto or executor=cpu on machines without an NVIDIA GPU.");
            }
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.info("CUDA unavailable ({}); using the CPU executor", status.reason());
            }
            return cpu(weights, spec);
        }
        DecoderExecutor e = CudaExecutors.create(weights, spec.cudaKvBlocks(), spec.blockSize(), spec.maxStepTokens(),
                spec.cudaDevice(), spec.stopAtEos());
        LOG.info("CUDA executor on {} (driver {}), {} KV blocks", e.device(), CudaProbe.format(status.driverVersion()),
                spec.cudaKvBlocks());
        return e;
    }

    private static DecoderExecutor cpu(ModelWeights weights, ExecutorSpec spec) {
        return CpuExecutors.create(weights, spec.cpuKvBlocks(), spec.blockSize(), spec.cpuThreads(),
                spec.maxStepTokens(), spec.stopAtEos());
    }
}
