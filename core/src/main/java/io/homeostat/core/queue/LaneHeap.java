package io.homeostat.core.queue;

/**
 * An indexed binary heap over lanes, in one of three orders. Each lane stores its position in
 * each heap, so a lane whose end changed is re-sifted in O(log lanes). With few distinct bids
 * (priority classes) these heaps stay tiny and hot in cache whatever the queue length.
 */
final class LaneHeap<P> {
    /** Lanes by their first entry, best first: the pop side. */
    static final int TOP = 0;
    /** Lanes by their last entry, worst first: the shed side. */
    static final int LOW = 1;
    /** Lanes by their first entry's arrival, earliest first: the oldest queued request. */
    static final int OLDEST = 2;

    private final int kind;
    private Lane<P>[] heap;
    private int size;

    @SuppressWarnings("unchecked")
    LaneHeap(int kind) {
        this.kind = kind;
        this.heap = (Lane<P>[]) new Lane<?>[8];
    }

    int size() {
        return size;
    }

    Lane<P> peek() {
        return size == 0 ? null : heap[0];
    }

    void forEach(java.util.function.Consumer<Lane<P>> action) {
        for (int i = 0; i < size; i++) {
            action.accept(heap[i]);
        }
    }

    void add(Lane<P> lane) {
        if (size == heap.length) {
            heap = java.util.Arrays.copyOf(heap, size * 2);
        }
        heap[size] = lane;
        lane.pos[kind] = size;
        size++;
        siftUp(size - 1);
    }

    void remove(Lane<P> lane) {
        int i = lane.pos[kind];
        lane.pos[kind] = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        Lane<P> moved = heap[size];
        heap[size] = null;
        heap[i] = moved;
        moved.pos[kind] = i;
        siftDown(siftUp(i));
    }

    /** Restores heap order after {@code lane}'s relevant end changed. */
    void update(Lane<P> lane) {
        siftDown(siftUp(lane.pos[kind]));
    }

    private boolean above(Lane<P> a, Lane<P> b) {
        switch (kind) {
            case TOP:
                return a.first().servedBefore(b.first());
            case LOW:
                return b.last().servedBefore(a.last());
            default: {
                QueuedRequest<P> x = a.first();
                QueuedRequest<P> y = b.first();
                return x.arrivalNs() < y.arrivalNs() || (x.arrivalNs() == y.arrivalNs() && x.seq() < y.seq());
            }
        }
    }

    private int siftUp(int i) {
        Lane<P> lane = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Lane<P> p = heap[parent];
            if (!above(lane, p)) {
                break;
            }
            heap[i] = p;
            p.pos[kind] = i;
            i = parent;
        }
        heap[i] = lane;
        lane.pos[kind] = i;
        return i;
    }

    private void siftDown(int i) {
        Lane<P> lane = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && above(heap[right], heap[child])) {
                child = right;
            }
            if (!above(heap[child], lane)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].pos[kind] = i;
            i = child;
        }
        heap[i] = lane;
        lane.pos[kind] = i;
    }
}
