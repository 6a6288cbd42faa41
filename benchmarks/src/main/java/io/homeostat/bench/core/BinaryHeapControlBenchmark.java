package io.homeostat.bench.core;

import io.homeostat.core.Request;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The second control for {@link AgedPriorityQueueBenchmark}'s 1M-vs-1k ratio: the textbook answer,
 * a {@link PriorityQueue} (a binary heap) of the requests ordered by {@code bid - alpha * arrival},
 * on the {@code scaled} workload (distinct bids, alpha scaled to the size, 45% of requests waiting at
 * every size).
 *
 * <h2>Why</h2>
 * {@code scaled} holds the mix of operations fixed across sizes, so its ratio reads what the size
 * alone costs. A measure that every sorted structure passed would say nothing: this one shows what a
 * structure that is O(log n) but not cache-aware scores on it (each sift level a dependent load into
 * a heap that outgrows the caches, then a pointer chase to the request for its key).
 *
 * <pre>
 *   t += 1 us ─► new Request(distinct bid, t) ─► heap.offer (sift up)
 *             ─► heap.poll (largest bid − alpha·arrival; ties: earlier arrival; sift down)
 * </pre>
 *
 * Same sizes, warm-up, steady state, bids, requests, step and heap settings as
 * {@link AgedPriorityQueueBenchmark} (its {@code bidRing}, {@code nthBid}, {@code alphaPerSecond},
 * {@code fillToSteadyState} and {@code request}).
 */
public class BinaryHeapControlBenchmark extends QueueRunSettings {
    @Param({"1000", "100000", "1000000"})
    public int queued;

    private double[] bid;
    private PriorityQueue<Request<Object>> heap;
    private long now;
    private int i;

    @Setup
    public void setUp() {
        bid = AgedPriorityQueueBenchmark.bidRing("scaled");
        double alphaPerNs = AgedPriorityQueueBenchmark.alphaPerSecond("scaled", queued) * 1e-9;
        Comparator<Request<Object>> bestFirst = Comparator
            .comparingDouble((Request<Object> r) -> r.bid() - alphaPerNs * r.arrivalNs())
            .reversed()
            .thenComparingLong(Request::arrivalNs);
        heap = new PriorityQueue<>(Math.max(queued * 2, 1), bestFirst);
        AgedPriorityQueueBenchmark.fillToSteadyState(queued, this::offer, this::insertAndPop);
    }

    private void offer() {
        now += AgedPriorityQueueBenchmark.STEP_NS;
        heap.offer(AgedPriorityQueueBenchmark.request(AgedPriorityQueueBenchmark.nthBid(bid, ++i, true), now));
    }

    @Benchmark
    public Request<Object> insertAndPop() {
        offer();
        return heap.poll();
    }
}
