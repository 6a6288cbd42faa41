package io.homeostat.core.internal;

import java.util.Arrays;

/**
 * A growable map from non-negative {@code long} keys to objects, without boxing: open addressing,
 * linear probing, backward-shift deletion, load factor at most 1/2.
 *
 * @param <V> value type
 */
public final class LongObjectMap<V> {
    private static final long EMPTY = -1L;
    private long[] keys;
    private Object[] values;
    private int mask;
    private int shift;
    private int size;

    public LongObjectMap() {
        allocate(16);
    }

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == EMPTY) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    /** Maps {@code key} to {@code value}, which must not be null. */
    public void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes {@code key}; returns whether it was present. */
    public boolean remove(long key) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                removeAt(i);
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    public void clear() {
        allocate(16);
    }

    private void allocate(int cap) {
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new Object[cap];
        mask = cap - 1;
        shift = 64 - Integer.numberOfTrailingZeros(cap);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = slot(oldKeys[i]);
                while (keys[j] != EMPTY) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
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
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = null;
    }
}
