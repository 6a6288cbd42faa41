package io.homeostat.bench.core;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The machine's latency for one dependent load from a working set of a given size: a pointer chase
 * through a single random cycle over an {@code int[]}, one cache line per hop (Sattolo's shuffle,
 * so the prefetcher cannot guess the next line). It gives the floor under any data structure that
 * must read one entry it has not touched recently, such as a queue popping a request queued a million
 * operations earlier ({@link AgedPriorityQueueBenchmark}, docs/benchmarks.md).
 *
 * <p>{@code java -cp "$CP" io.homeostat.bench.core.MemoryLatency [MB ...]} (default 1 16 64 512).
 */
public final class MemoryLatency {
    private static final int INTS_PER_LINE = 16;
    private static final long HOPS = 20_000_000L;

    private MemoryLatency() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1, 16, 64, 512} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int mb : sizes) {
            int[] next = cycle(mb);
            int p = 0;
            for (int i = 0; i < 1_000_000; i++) {
                p = next[p];
            }
            long t0 = System.nanoTime();
            for (long i = 0; i < HOPS; i++) {
                p = next[p];
            }
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%5d MB working set: %6.1f ns per dependent load (checksum %d)%n",
                mb, (t1 - t0) / (double) HOPS, p & 1);
        }
    }

    /** A random single cycle through every cache line of an {@code mb}-megabyte array. */
    private static int[] cycle(int mb) {
        int n = mb * 1024 * 1024 / Integer.BYTES;
        int lines = n / INTS_PER_LINE;
        int[] perm = new int[lines];
        for (int i = 0; i < lines; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = lines - 1; i > 0; i--) {
            int j = rnd.nextInt(i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] next = new int[n];
        for (int i = 0; i < lines; i++) {
            next[perm[i] * INTS_PER_LINE] = perm[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }
}
