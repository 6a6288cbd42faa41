package io.homeostat.core.queue;

import java.util.function.IntUnaryOperator;

/**
 * Queued entries by arrival (then seq), for one question: the oldest arrival still queued (the
 * batching window's clock). Entries leave in priority order, i.e. from anywhere in arrival order,
 * so removal is O(1) without a search: each entry's slot in the service order ({@link RunOrder}) remembers its ring index,
 * and a removal leaves a hole there; holes at the two ends are trimmed as they appear.
 *
 * <pre>
 *   absolute slots:  base                                  top
 *                     [e1][  ][e3][  ][  ][e6][e7]  ...  [eN]      ring index = slot &amp; (capacity - 1)
 *                      ^ oldest live (never a hole)          ^ newest (never a hole)
 *   per slot: arrival, seq, key, and a bit in {@code live} (clear = hole)   (primitive arrays: nothing for the collector to trace)
 * </pre>
 *
 * An arrival older than the newest (a late or out-of-order record; the Streams driver and the
 * simulator offer in time order, so this is rare) is inserted by moving the newer entries up one
 * slot, like an insertion sort from the tail, telling the service order each moved entry's new slot
 * (a search by its tuple, which the ring keeps for that). When the window between base and top would
 * outgrow the ring while most of it is holes (a low bid starving with alpha 0, say), the ring is
 * compacted instead of grown and the service order renumbers its slots, so memory stays
 * proportional to the live count.
 */
final class ArrivalOrder {
    /** What the service order lets the ring do: move an entry's recorded ring index. */
    interface Slots {
        /** Sets the arrival-ring slot of the entry with this tuple (the ring moved it). */
        void setSlot(double k, long a, long s, int slot);

        /** Renumbers every entry's arrival-ring slot (the ring was compacted). */
        void remapSlots(IntUnaryOperator newSlot);
    }

    private final Slots order;
    private long[] arrivals = new long[16];
    /**
     * One bit per ring index, set while its entry is queued. A pop usually takes an entry queued long
     * ago; clearing its bit writes an array a 64th the size of the ring's (256 KB at a million queued,
     * mostly in L2) instead of the ring slot itself, a miss to memory per pop: at a million queued with
     * distinct bids this took ~40 ns off an insert + pop (docs/benchmarks.md).
     */
    private long[] live = new long[1];
    private long[] seqs = new long[16];
    private double[] keys = new double[16];
    private long base;
    private long top;
    private int count;

    ArrivalOrder(Slots order) {
        this.order = order;
    }

    private int index(long slot) {
        return (int) slot & (seqs.length - 1);
    }

    /** The oldest queued arrival, or {@link Long#MAX_VALUE}. */
    long oldestArrivalNs() {
        return base == top ? Long.MAX_VALUE : arrivals[index(base)];
    }

    /**
     * Places an entry (seq {@code >= 1}) and returns its ring index (its slot modulo the capacity,
     * which names the slot while the window is narrower than the ring); may move or renumber other
     * entries' indices.
     */
    int add(double key, long arrival, long seq) {
        if (top - base == seqs.length) {
            makeRoom();
        }
        long slot = top;
        while (slot > base) {
            int prev = index(slot - 1);
            boolean prevLive = isLive(prev);
            if (prevLive && !later(arrivals[prev], seqs[prev], arrival, seq)) {
                break;
            }
            int to = index(slot);
            arrivals[to] = arrivals[prev];
            seqs[to] = seqs[prev];
            keys[to] = keys[prev];
            setLive(to, prevLive);
            if (prevLive) {
                order.setSlot(keys[to], arrivals[to], seqs[to], to);
            }
            slot--;
        }
        int at = index(slot);
        arrivals[at] = arrival;
        seqs[at] = seq;
        keys[at] = key;
        setLive(at, true);
        top++;
        count++;
        return at;
    }

    /** Removes the entry at ring index {@code at}. */
    void remove(int at) {
        setLive(at, false);
        count--;
        while (top > base && !isLive(index(top - 1))) {
            top--;
        }
        while (base < top && !isLive(index(base))) {
            base++;
        }
    }

    private boolean isLive(int i) {
        return isSet(live, i);
    }

    private static boolean isSet(long[] bits, int i) {
        return (bits[i >>> 6] & 1L << i) != 0;
    }

    private void setLive(int i, boolean on) {
        if (on) {
            live[i >>> 6] |= 1L << i;
        } else {
            live[i >>> 6] &= ~(1L << i);
        }
    }

    private static boolean later(long a1, long s1, long a2, long s2) {
        return a1 > a2 || (a1 == a2 && s1 > s2);
    }

    /** Compacts the live entries to the front of a ring at least twice their count, renumbering slots from 0. */
    private void makeRoom() {
        int n = count + 1;
        int cap = seqs.length;
        while (cap < 2 * n) {
            cap *= 2;
        }
        long[] oldArrivals = arrivals;
        long[] oldSeqs = seqs;
        double[] oldKeys = keys;
        long[] oldLive = live;
        int oldMask = oldSeqs.length - 1;
        long from = base;
        long to = top;
        int[] renumbered = new int[(int) (to - from)];
        arrivals = new long[cap];
        seqs = new long[cap];
        keys = new double[cap];
        live = new long[(cap + 63) >>> 6];
        int next = 0;
        for (long s = from; s < to; s++) {
            int i = (int) s & oldMask;
            if (isSet(oldLive, i)) {
                arrivals[next] = oldArrivals[i];
                seqs[next] = oldSeqs[i];
                keys[next] = oldKeys[i];
                setLive(next, true);
                renumbered[(int) (s - from)] = next++;
            }
        }
        base = 0;
        top = next;
        order.remapSlots(old -> renumbered[(old - (int) from) & oldMask]);
    }
}
