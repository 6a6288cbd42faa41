package io.homeostat.bench.core;

import io.homeostat.core.Request;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.queue.QueueConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Insert + pop on an {@link AgedPriorityQueue} of steady length, timed in <b>thread CPU time</b>
 * rather than wall time, for A/B comparisons on a shared machine: time the thread spends descheduled
 * while other processes run does not count (their cache pollution still does). Same operation as
 * {@link AgedPriorityQueueBenchmark}, without JMH.
 *
 * <pre>
 *   fill to n ─► 4 rounds of `ops` (offer a new request, poll) ─► CPU ns per op, each round
 * </pre>
 *
 * <p>{@code java [-XX:+UseParallelGC] -cp "$CP" io.homeostat.bench.core.QueueCpuTime N classes|distinct OPS}
 */
public final class QueueCpuTime {
    private QueueCpuTime() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        boolean distinct = args[1].equals("distinct");
        int ops = Integer.parseInt(args[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(11);
        AgedPriorityQueue<Object> q = new AgedPriorityQueue<>(new QueueConfig(1.0, n * 2));
        long now = 0;
        for (int k = 0; k < n; k++) {
            now += 1000;
            q.offer(request(rnd, distinct, now));
        }
        for (int round = 1; round <= 4; round++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long sink = 0;
            for (int k = 0; k < ops; k++) {
                now += 1000;
                q.offer(request(rnd, distinct, now));
                sink += q.poll().seq();
            }
            long c1 = mx.getCurrentThreadCpuTime();
            System.out.printf(Locale.ROOT, "%s, %d queued, round %d: %.1f CPU ns per insert+pop (checksum %d)%n",
                args[1], n, round, (c1 - c0) / (double) ops, sink & 1);
        }
    }

    private static Request<Object> request(SplittableRandom rnd, boolean distinct, long now) {
        double bid = distinct ? rnd.nextDouble() * 10 : 1 + rnd.nextInt(4);
        return new Request<>("r", "t", bid, now, 100, 10, 7, Request.NO_DEADLINE, null);
    }
}
