package io.homeostat.bench.core;

import io.homeostat.core.Request;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.queue.QueueConfig;
import java.util.Locale;

/**
 * The one offer that moves an {@link AgedPriorityQueue} from its lanes to its sorted runs: a queue
 * filled with requests of eight bids (one lane each) gets a ninth bid, and that offer is timed, at
 * 100k and 1M queued, twice each (the first pair runs partly interpreted). The move is O(n log n) and
 * happens once until the queue empties; this prints what it costs the thread that offers.
 *
 * <p>{@code java -Xms3g -Xmx3g -cp "$CP" io.homeostat.bench.core.QueueShapeMoveTime}
 */
public final class QueueShapeMoveTime {
    private QueueShapeMoveTime() {
    }

    public static void main(String[] args) {
        for (int n : new int[] {100_000, 1_000_000, 100_000, 1_000_000}) {
            AgedPriorityQueue<Object> q = new AgedPriorityQueue<>(new QueueConfig(1.0, 2 * n));
            long now = 0;
            for (int i = 0; i < n; i++) {
                now += AgedPriorityQueueBenchmark.STEP_NS;
                q.offer(AgedPriorityQueueBenchmark.request(1 + (i & 7), now));
            }
            long t0 = System.nanoTime();
            q.offer(AgedPriorityQueueBenchmark.request(9.5, now + AgedPriorityQueueBenchmark.STEP_NS));
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%,9d queued in 8 lanes: the ninth bid's offer (the move to runs) took %.1f ms%n",
                n, (t1 - t0) / 1e6);
        }
    }
}
