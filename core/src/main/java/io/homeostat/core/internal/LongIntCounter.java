package io.homeostat.core.internal;

/**
 * Counts per non-negative {@code long} key, without boxing: open addressing, linear probing,
 * backward-shift deletion (no tombstones, so probe chains never degrade). Fixed capacity sized
 * for at most {@code maxKeys} distinct keys at a load factor of at most 1/4.
 */
public final class LongIntCounter {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final int[] counts;
    private final int mask;
    private final int shift;
    private final int maxKeys;
    private int size;

    public LongIntCounter(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1: " + maxKeys);
        }
        int cap = Integer.highestOneBit(Math.max(4, maxKeys * 4 - 1)) << 1;
        this.keys = new long[cap];
        this.counts = new int[cap];
        java.util.Arrays.fill(keys, EMPTY);
        this.mask = cap - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(cap);
        this.maxKeys = maxKeys;
    }

    /** Distinct keys with a positive count. */
    public int size() {
        return size;
    }

    /** Adds one to {@code key}'s count; returns the count before. */
    public int increment(long key) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return counts[i]++;
            }
            if (k == EMPTY) {
                if (size == maxKeys) {
                    throw new IllegalStateException("more than " + maxKeys + " distinct keys");
                }
                keys[i] = key;
                counts[i] = 1;
                size++;
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    /** Subtracts one from {@code key}'s count (removing it at zero); returns the count before. */
    public int decrement(long key) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                int before = counts[i];
                if (before == 1) {
                    removeAt(i);
                } else {
                    counts[i] = before - 1;
                }
                return before;
            }
            if (k == EMPTY) {
                throw new IllegalStateException("decrement of absent key " + key);
            }
            i = (i + 1) & mask;
        }
    }

    public int get(long key) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return counts[i];
            }
            if (k == EMPTY) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    public void clear() {
        java.util.Arrays.fill(keys, EMPTY);
        java.util.Arrays.fill(counts, 0);
        size = 0;
    }

    private int slot(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("keys are non-negative: " + key);
        }
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void removeAt(int hole) {
        size--;
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == EMPTY) {
                break;
            }
            int home = slot(k);
            // move k back into the hole if the hole lies on its probe path home..i (cyclically)
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = k;
                counts[hole] = counts[i];
                hole = i;
            }
        }
        keys[hole] = EMPTY;
        counts[hole] = 0;
    }
}
