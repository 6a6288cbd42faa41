package io.homeostat.bench.engine;

import io.homeostat.engine.cpu.Kernels;
import io.homeostat.engine.cpu.MatrixKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * GFLOP/s of one thread in the CPU executor's matrix kernel on the 15M model's shapes, the row-major
 * {@code matmul} against {@code matmulPrepared} on the kernels' prepared layout, in interleaved rounds and
 * timed in thread CPU time, so other processes on a shared machine slow both alike and preemption does not
 * count.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp "$CP" io.homeostat.bench.engine.MatmulKernels [rounds]}
 */
public final class MatmulKernels {
    private MatmulKernels() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        MatrixKernels k = Kernels.best();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[][] shapes = {{32000, 288}, {768, 288}, {288, 768}, {288, 288}};
        int[] tokenCounts = {1, 32};
        System.out.printf(Locale.ROOT, "kernels %s; java %s; GFLOP/s per thread (thread CPU time)%n", k.name(),
            System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-6s %-12s %-7s %12s %12s%n", "round", "n x d", "tokens", "row-major", "prepared");
        SplittableRandom rnd = new SplittableRandom(1);
        for (int r = 0; r < rounds; r++) {
            for (int[] s : shapes) {
                int n = s[0];
                int d = s[1];
                float[] w = new float[n * d];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) rnd.nextGaussian();
                }
                float[] pk = k.prepare(w, n, d);
                for (int tokens : tokenCounts) {
                    float[] x = new float[tokens * d];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) rnd.nextGaussian();
                    }
                    float[] out = new float[tokens * n];
                    double flop = 2.0 * tokens * n * d;
                    int iters = (int) Math.max(3, 3e9 / flop);
                    double[] g = new double[2];
                    for (int v = 0; v < 2; v++) {
                        boolean prepared = (v + r) % 2 == 1;
                        int which = prepared ? 1 : 0;
                        for (int i = 0; i < Math.max(3, iters / 5); i++) {
                            run(k, prepared, out, x, prepared ? pk : w, tokens, n, d);
                        }
                        long t0 = mx.getCurrentThreadCpuTime();
                        for (int i = 0; i < iters; i++) {
                            run(k, prepared, out, x, prepared ? pk : w, tokens, n, d);
                        }
                        g[which] = flop * iters / (mx.getCurrentThreadCpuTime() - t0);
                    }
                    System.out.printf(Locale.ROOT, "%-6d %-12s %-7d %12.1f %12.1f%n", r, n + " x " + d, tokens, g[0], g[1]);
                }
            }
        }
    }

    private static void run(MatrixKernels k, boolean prepared, float[] out, float[] x, float[] w, int tokens, int n,
                            int d) {
        if (prepared) {
            k.matmulPrepared(out, x, w, tokens, n, d, 0, n);
        } else {
            k.matmul(out, x, w, tokens, n, d, 0, n);
        }
    }
}
