package io.homeostat.core.queue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The arrival times of the queued entries, by queue sequence number, for one question: the oldest
 * arrival still queued (the batching window's clock).
 *
 * <h2>Why by seq, in a ring of primitives</h2>
 * Entries leave in priority order, i.e. from anywhere in arrival order. Removal must not read the
 * entry object: at a million queued, the entry served next was allocated a million operations
 * earlier and is a cache miss of 150-300 ns on the benchmark machine ({@code MemoryLatency}), more
 * than the whole insert + pop costs in cache. The queue knows a removed entry's seq and arrival from
 * the service order's primitive arrays (read sequentially at the ends), and seqs grow by one per
 * offer, so a ring indexed by seq finds the slot without a search and without a pointer.
 *
 * <pre>
 *   seq:      base                                   top            ring index = seq &amp; (capacity - 1)
 *   arrival:  [a1][--][a3][--][--][a6][a7] ... [aN]                 -- = hole (left the queue, or a straggler)
 *              ^ oldest in the ring (never a hole)
 *   stragglers: entries out of arrival order (an arrival older than one already in the ring), and
 *               old entries moved out when the ring is mostly holes; a sorted set, rarely used
 * </pre>
 *
 * In the ring, arrivals never decrease with seq, so its oldest is at {@code base}; the answer is the
 * older of that and the stragglers' oldest. When the span {@code top - base} would outgrow the ring
 * while most of it is holes (a low bid starving with alpha 0, say), the oldest ring entries move to
 * the stragglers instead of the ring growing, so memory stays proportional to the live count.
 */
final class ArrivalOrder {
    /** Marks a hole; an arrival of {@code Long.MIN_VALUE} is refused. */
    private static final long HOLE = Long.MIN_VALUE;

    private long[] ring = newRing(16);
    /** Lowest seq the ring covers (live unless the ring is empty, then {@code base == top}). */
    private long base;
    /** One past the highest seq added to the ring. */
    private long top;
    private int ringLive;
    /** Newest arrival in the ring: a smaller one goes to the stragglers. */
    private long ringNewest = HOLE;
    private final TreeSet<long[]> stragglers = new TreeSet<>(BY_ARRIVAL_THEN_SEQ);
    private final Map<Long, long[]> stragglerBySeq = new HashMap<>();
    private static final Comparator<long[]> BY_ARRIVAL_THEN_SEQ =
        Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]);

    private static long[] newRing(int n) {
        long[] r = new long[n];
        Arrays.fill(r, HOLE);
        return r;
    }

    private int index(long seq) {
        return (int) seq & (ring.length - 1);
    }

    /** The oldest queued arrival, or {@link Long#MAX_VALUE}. */
    long oldestArrivalNs() {
        long oldest = ringLive == 0 ? Long.MAX_VALUE : ring[index(base)];
        return stragglers.isEmpty() ? oldest : Math.min(oldest, stragglers.first()[0]);
    }

    /** Adds an entry; seqs must grow from one add to the next. */
    void add(long seq, long arrivalNs) {
        if (arrivalNs == HOLE) {
            throw new IllegalArgumentException("arrival time Long.MIN_VALUE is reserved");
        }
        if (seq < top) {
            throw new IllegalArgumentException("seq " + seq + " added after seq " + (top - 1));
        }
        if (ringLive == 0) {
            base = seq;
        }
        if (seq - base >= ring.length) {
            makeRoom(seq); // every seq in [base, top] has its own slot, so a hole at a straggler's seq is its own
        }
        if (arrivalNs < ringNewest) {
            addStraggler(seq, arrivalNs);
            top = seq + 1;
            if (ringLive == 0) {
                base = top;
            }
            return;
        }
        ring[index(seq)] = arrivalNs;
        ringNewest = arrivalNs;
        top = seq + 1;
        ringLive++;
    }

    /** Removes the entry {@code seq} (arrival {@code arrivalNs}); false if it is not here. */
    boolean remove(long seq, long arrivalNs) {
        if (ringLive > 0 && seq >= base && seq < top && ring[index(seq)] != HOLE) {
            ring[index(seq)] = HOLE;
            ringLive--;
            if (ringLive == 0) {
                base = top;
                ringNewest = HOLE; // an empty ring takes any arrival in order again
            } else if (seq == base) {
                do {
                    base++;
                } while (ring[index(base)] == HOLE);
            }
            return true;
        }
        long[] s = stragglerBySeq.remove(seq);
        if (s == null) {
            return false;
        }
        stragglers.remove(s);
        return true;
    }

    /** Whether the entry {@code seq} is here. */
    boolean contains(long seq) {
        return (ringLive > 0 && seq >= base && seq < top && ring[index(seq)] != HOLE) || stragglerBySeq.containsKey(seq);
    }

    /** Slots in the ring (tests: memory follows the live count, not the seq span). */
    int ringCapacity() {
        return ring.length;
    }

    private void addStraggler(long seq, long arrivalNs) {
        long[] s = {arrivalNs, seq};
        stragglers.add(s);
        stragglerBySeq.put(seq, s);
    }

    /**
     * Makes the ring span {@code seq}: grows it when at least a quarter of the span is live, else
     * moves the oldest ring entries to the stragglers until the span fits half the ring.
     */
    private void makeRoom(long seq) {
        if (ringLive >= ring.length / 4) {
            long[] old = ring;
            int oldMask = old.length - 1;
            int cap = ring.length;
            while (seq - base >= cap) {
                cap *= 2;
            }
            ring = newRing(cap);
            for (long s = base; s < top; s++) {
                ring[index(s)] = old[(int) s & oldMask];
            }
            return;
        }
        long keepFrom = seq - ring.length / 2;
        while (ringLive > 0 && base < keepFrom) {
            long a = ring[index(base)];
            if (a != HOLE) {
                addStraggler(base, a);
                ring[index(base)] = HOLE;
                ringLive--;
            }
            base++;
        }
        if (ringLive == 0) {
            base = seq;
            ringNewest = HOLE;
        } else {
            while (ring[index(base)] == HOLE) {
                base++;
            }
        }
    }
}
