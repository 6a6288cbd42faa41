package io.homeostat.core.queue;

/**
 * Queued entries by arrival (then seq), for one question: the oldest arrival still queued (the
 * batching window's clock). Entries leave in priority order, i.e. from anywhere in arrival order,
 * so removal is O(1) without a search: each entry knows its slot ({@link QueuedRequest#arrivalSlot})
 * and leaves a hole there; holes at the two ends are trimmed as they appear.
 *
 * <pre>
 *   absolute slots:  base                                  top
 *                     [e1][  ][e3][  ][  ][e6][e7]  ...  [eN]      ring index = slot &amp; (capacity - 1)
 *                      ^ oldest live (never a hole)          ^ newest (never a hole)
 * </pre>
 *
 * An arrival older than the newest (a late or out-of-order record) is inserted by moving the
 * newer entries up one slot, like an insertion sort from the tail. When the window between base
 * and top would outgrow the ring while most of it is holes (a low bid starving with alpha 0, say),
 * the ring is compacted instead of grown, so memory stays proportional to the live count.
 */
final class ArrivalOrder<P> {
    private QueuedRequest<P>[] ring = newRing(16);
    private long base;
    private long top;
    private int live;

    @SuppressWarnings("unchecked")
    private static <P> QueuedRequest<P>[] newRing(int n) {
        return (QueuedRequest<P>[]) new QueuedRequest<?>[n];
    }

    private QueuedRequest<P> at(long slot) {
        return ring[(int) slot & (ring.length - 1)];
    }

    private void put(long slot, QueuedRequest<P> e) {
        ring[(int) slot & (ring.length - 1)] = e;
        if (e != null) {
            e.arrivalSlot = slot;
        }
    }

    /** The oldest queued arrival, or {@link Long#MAX_VALUE}. */
    long oldestArrivalNs() {
        return base == top ? Long.MAX_VALUE : at(base).arrivalNs();
    }

    void add(QueuedRequest<P> e) {
        if (top - base == ring.length) {
            makeRoom();
        }
        long slot = top;
        while (slot > base) {
            QueuedRequest<P> prev = at(slot - 1);
            if (prev != null && !later(prev, e)) {
                break;
            }
            put(slot, prev);
            slot--;
        }
        put(slot, e);
        top++;
        live++;
    }

    void remove(QueuedRequest<P> e) {
        put(e.arrivalSlot, null);
        live--;
        while (top > base && at(top - 1) == null) {
            top--;
        }
        while (base < top && at(base) == null) {
            base++;
        }
    }

    private static boolean later(QueuedRequest<?> a, QueuedRequest<?> b) {
        return a.arrivalNs() > b.arrivalNs() || (a.arrivalNs() == b.arrivalNs() && a.seq() > b.seq());
    }

    /** Compacts the live entries to the front of a ring at least twice their count, renumbering slots from 0. */
    private void makeRoom() {
        int n = live + 1;
        int cap = ring.length;
        while (cap < 2 * n) {
            cap *= 2;
        }
        QueuedRequest<P>[] old = ring;
        int oldMask = old.length - 1;
        long from = base;
        long to = top;
        ring = newRing(cap);
        base = 0;
        top = 0;
        for (long s = from; s < to; s++) {
            QueuedRequest<P> e = old[(int) s & oldMask];
            if (e != null) {
                put(top++, e);
            }
        }
    }
}
