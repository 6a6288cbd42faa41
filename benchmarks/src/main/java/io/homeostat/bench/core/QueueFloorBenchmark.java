package io.homeostat.bench.core;

import io.homeostat.core.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The control for {@link AgedPriorityQueueBenchmark}'s 1M-vs-1k ratio: the least any queue must do to
 * serve the <i>classes</i> workload in the same order, measured the same way.
 *
 * <h2>Why</h2>
 * With four bids and one alpha, each bid's requests are served in arrival order, so four FIFOs of
 * the requests themselves (no entry objects, no second structure, no search: append, compare the
 * four heads by {@code bid - alpha * arrival}, pop) serve exactly the order
 * {@link io.homeostat.core.queue.AgedPriorityQueue} does, and the requests live exactly as long. What
 * this costs at a million queued is what a million live, driver-allocated requests cost on this JVM
 * and machine, whatever the queue's structure; the queue's own ratio is read against it.
 *
 * <pre>
 *   t += 1 us ─► new Request(bid 1..4, t) ─► fifo[bid] append
 *             ─► best of the four heads (largest bid − alpha·arrival; ties: earlier arrival) ─► pop
 * </pre>
 *
 * Same sizes, warm-up, steady state, bids, requests, step and heap as {@link AgedPriorityQueueBenchmark}
 * (its {@code bidRing}, {@code nthBid}, {@code fillToSteadyState} and {@code request}).
 */
public class QueueFloorBenchmark extends QueueRunSettings {
    private static final double ALPHA_PER_NS = 1e-9; // 1 bid unit per second, the benchmark's alpha

    @Param({"1000", "100000", "1000000"})
    public int queued;

    private double[] bid;
    private final Fifo[] fifos = new Fifo[4];
    private long now;
    private int i;

    @Setup
    public void setUp() {
        bid = AgedPriorityQueueBenchmark.bidRing("classes");
        for (int k = 0; k < fifos.length; k++) {
            fifos[k] = new Fifo(queued);
        }
        AgedPriorityQueueBenchmark.fillToSteadyState(queued, this::offer, this::insertAndPop);
    }

    private void offer() {
        now += AgedPriorityQueueBenchmark.STEP_NS;
        double b = AgedPriorityQueueBenchmark.nthBid(bid, ++i, false);
        fifos[(int) b - 1].add(AgedPriorityQueueBenchmark.request(b, now));
    }

    @Benchmark
    public Request<Object> insertAndPop() {
        offer();
        Fifo best = null;
        double bestKey = 0;
        long bestArrival = 0;
        for (Fifo f : fifos) {
            Request<Object> h = f.peek();
            if (h != null) {
                double k = h.bid() - ALPHA_PER_NS * h.arrivalNs();
                if (best == null || k > bestKey || (k == bestKey && h.arrivalNs() < bestArrival)) {
                    best = f;
                    bestKey = k;
                    bestArrival = h.arrivalNs();
                }
            }
        }
        return best.poll();
    }

    /** A growable ring of requests in arrival order. */
    private static final class Fifo {
        private Request<Object>[] ring;
        private int head;
        private int tail;

        Fifo(int expected) {
            ring = newRing(Integer.highestOneBit(Math.max(16, expected)) * 2);
        }

        @SuppressWarnings("unchecked")
        private static Request<Object>[] newRing(int n) {
            return (Request<Object>[]) new Request<?>[n];
        }

        void add(Request<Object> r) {
            if (tail - head == ring.length) {
                Request<Object>[] bigger = newRing(ring.length * 2);
                for (int k = head; k < tail; k++) {
                    bigger[k & (bigger.length - 1)] = ring[k & (ring.length - 1)];
                }
                ring = bigger;
            }
            ring[tail++ & (ring.length - 1)] = r;
        }

        Request<Object> peek() {
            return head == tail ? null : ring[head & (ring.length - 1)];
        }

        Request<Object> poll() {
            int slot = head++ & (ring.length - 1);
            Request<Object> r = ring[slot];
            ring[slot] = null;
            return r;
        }
    }
}
