package io.homeostat.core.queue;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Queued requests that have a deadline, earliest first. Deletion is lazy: an entry dispatched or
 * shed stays here until it surfaces (then the queue says it is gone, and it is discarded),
 * and the heap is rebuilt from its live entries when the dead outnumber the live, so memory stays
 * proportional to the live count. Only requests with a deadline cost an object here.
 */
final class DeadlineHeap<P> {
    private final Predicate<QueuedRequest<P>> queued;
    private QueuedRequest<P>[] heap;
    private int size;
    private int live;

    @SuppressWarnings("unchecked")
    DeadlineHeap(Predicate<QueuedRequest<P>> queued) {
        this.queued = queued;
        heap = (QueuedRequest<P>[]) new QueuedRequest<?>[16];
    }

    void add(QueuedRequest<P> e) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = e;
        siftUp(size++);
        live++;
    }

    /** Tells the heap a live entry left the queue some other way. */
    void forgetOne() {
        live--;
        if (size > 64 && size > 2 * live) {
            rebuild();
        }
    }

    /** The live entry with the earliest deadline, or null. */
    QueuedRequest<P> peek() {
        while (size > 0 && !queued.test(heap[0])) {
            removeTop();
        }
        return size == 0 ? null : heap[0];
    }

    private void removeTop() {
        size--;
        heap[0] = heap[size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0);
        }
    }

    private void rebuild() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (queued.test(heap[i])) {
                heap[n++] = heap[i];
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private static boolean earlier(QueuedRequest<?> a, QueuedRequest<?> b) {
        long da = a.request().deadlineNs();
        long db = b.request().deadlineNs();
        return da < db || (da == db && a.seq() < b.seq());
    }

    private void siftUp(int i) {
        QueuedRequest<P> e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!earlier(e, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
    }

    private void siftDown(int i) {
        QueuedRequest<P> e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && earlier(heap[child + 1], heap[child])) {
                child++;
            }
            if (!earlier(heap[child], e)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = e;
    }
}
