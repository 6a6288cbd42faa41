package io.homeostat.engine.cpu;

import java.util.ServiceLoader;

/**
 * Picks the fastest {@link MatrixKernels} this JVM can run: a SIMD implementation found through
 * {@link ServiceLoader} (module {@code engine-simd}, needs {@code --add-modules jdk.incubator.vector}),
 * else {@link ScalarKernels}. The choice is logged once.
 */
public final class Kernels {
    private static final System.Logger LOG = System.getLogger(Kernels.class.getName());
    private static volatile MatrixKernels best;

    private Kernels() {
    }

    public static MatrixKernels best() {
        MatrixKernels k = best;
        if (k == null) {
            synchronized (Kernels.class) {
                if (best == null) {
                    best = load();
                }
                k = best;
            }
        }
        return k;
    }

    private static MatrixKernels load() {
        try {
            for (MatrixKernels candidate : ServiceLoader.load(MatrixKernels.class)) {
                LOG.log(System.Logger.Level.INFO, "CPU executor kernels: " + candidate.name());
                return candidate;
            }
        } catch (LinkageError | java.util.ServiceConfigurationError e) {
            LOG.log(System.Logger.Level.INFO, "CPU executor kernels: scalar (SIMD kernels unavailable: "
                    + e.getMessage() + "; run with --add-modules jdk.incubator.vector for SIMD)");
            return new ScalarKernels();
        }
        LOG.log(System.Logger.Level.INFO, "CPU executor kernels: scalar");
        return new ScalarKernels();
    }
}
