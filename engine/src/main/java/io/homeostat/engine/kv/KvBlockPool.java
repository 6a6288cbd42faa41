package io.homeostat.engine.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Book-keeping for a paged KV cache: a fixed pool of blocks of {@code blockSize} tokens, block tables per
 * sequence, a prefix cache with LRU eviction. It owns no tensor memory: each executor keeps its K/V
 * storage (Java arrays, device memory) indexed by the block ids handed out here.
 *
 * <p><b>Why paged.</b> vLLM's PagedAttention (Kwon et al., SOSP 2023) showed that allocating KV memory in
 * fixed blocks removes fragmentation and makes the pool a countable resource: "free blocks" is exactly
 * the quantity the queueing controller reasons about (DESIGN.md §3, minimum stable blocks).
 *
 * <p><b>Prefix cache.</b> A finished sequence's full blocks stay cached under a chain hash of
 * (namespace, all tokens up to and including the block), as in vLLM's automatic prefix caching. The
 * namespace is the request's agent id, so one agent's cached context is never served to another; requests
 * that carry trace prefix hashes share the empty namespace. A hit is verified against the stored tokens and
 * parent hash, so a 64-bit collision cannot serve wrong K/V. Cached blocks no sequence references are
 * evictable, least recently used first.
 *
 * <p><b>The floor.</b> {@link #allocate} refuses a sequence when {@code free + evictable - needed} would
 * drop below the caller's floor (the controller's minimum stable blocks): the block pool never silently
 * overcommits. Not thread-safe: one worker thread drives it.
 */
public final class KvBlockPool {
    private static final long NO_HASH = 0L;

    private final int totalBlocks;
    private final int blockSize;
    private final int[] refCount;
    private final long[] chainHash;
    private final long[] parentHash;
    private final int[][] cachedTokens;
    private final int[] freeStack;
    private int freeTop;
    private final Map<Long, Integer> cacheIndex = new HashMap<>();
    private final LinkedHashSet<Integer> evictable = new LinkedHashSet<>();
    private long evictedTotal;
    private long promptTokensAdmitted;
    private long promptTokensHit;

    public KvBlockPool(int totalBlocks, int blockSize) {
        if (totalBlocks < 1) {
            throw new IllegalArgumentException("KV pool needs at least 1 block, got " + totalBlocks);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        }
        this.totalBlocks = totalBlocks;
        this.blockSize = blockSize;
        this.refCount = new int[totalBlocks];
        this.chainHash = new long[totalBlocks];
        this.parentHash = new long[totalBlocks];
        this.cachedTokens = new int[totalBlocks][];
        this.freeStack = new int[totalBlocks];
        for (int i = 0; i < totalBlocks; i++) {
            freeStack[i] = totalBlocks - 1 - i; // hand out low ids first
        }
        this.freeTop = totalBlocks;
    }

    public int totalBlocks() {
        return totalBlocks;
    }

    public int blockSize() {
        return blockSize;
    }

    public int freeBlocks() {
        return freeTop;
    }

    public int evictableBlocks() {
        return evictable.size();
    }

    /** Blocks needed for a sequence of {@code tokens} tokens. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    /**
     * Reserves blocks for a sequence that will hold up to {@code capacityTokens} tokens, reusing cached
     * blocks for the longest cached prefix of {@code prompt} (never the whole prompt: its last token must be
     * computed to get logits).
     *
     * @param namespace  prefix-cache namespace; null disables caching for this sequence
     * @param floor      free blocks (counting evictable ones) that must remain after the allocation
     * @throws BlockShortage when the floor would be broken, with the numbers in the message
     */
    public SequenceBlocks allocate(String namespace, int[] prompt, int capacityTokens, int floor) throws BlockShortage {
        if (capacityTokens < prompt.length) {
            throw new IllegalArgumentException("capacity " + capacityTokens + " < prompt " + prompt.length);
        }
        int totalNeeded = blocksFor(capacityTokens);
        int[] matched = namespace == null ? new int[0] : matchPrefix(namespace, prompt);
        int matchedEvictable = 0;
        for (int b : matched) {
            if (refCount[b] == 0) {
                matchedEvictable++;
            }
        }
        int needNew = totalNeeded - matched.length;
        int available = freeTop + evictable.size() - matchedEvictable;
        if (available - needNew < floor) {
            throw new BlockShortage("needs " + needNew + " KV blocks; free " + freeTop + " + evictable "
                    + (evictable.size() - matchedEvictable) + " would leave " + (available - needNew)
                    + ", below the minimum stable floor of " + floor + " (pool " + totalBlocks + ")");
        }
        int[] table = Arrays.copyOf(matched, totalNeeded);
        for (int b : matched) {
            reference(b);
        }
        for (int i = matched.length; i < totalNeeded; i++) {
            if (freeTop == 0) {
                evict(1);
            }
            int b = freeStack[--freeTop];
            refCount[b] = 1;
            table[i] = b;
        }
        int cached = matched.length * blockSize;
        promptTokensAdmitted += prompt.length;
        promptTokensHit += cached;
        return new SequenceBlocks(table, cached, namespace);
    }

    /**
     * Returns a finished sequence's blocks. Its full blocks whose K/V was computed ({@code computedTokens}
     * tokens of {@code tokens}) enter the prefix cache when the sequence has a namespace; the rest are freed.
     */
    public void release(SequenceBlocks seq, int[] tokens, int computedTokens) {
        checkLive(seq);
        seq.released = true;
        long parent = seq.namespace == null ? NO_HASH : namespaceHash(seq.namespace);
        int fullComputed = Math.min(computedTokens, tokens.length) / blockSize;
        for (int i = 0; i < seq.table.length; i++) {
            int b = seq.table[i];
            if (seq.namespace != null && i < fullComputed) {
                int[] blockTokens = Arrays.copyOfRange(tokens, i * blockSize, (i + 1) * blockSize);
                long h = chain(parent, blockTokens);
                Integer existing = cacheIndex.get(h);
                if (existing == null) {
                    chainHash[b] = h;
                    parentHash[b] = parent;
                    cachedTokens[b] = blockTokens;
                    cacheIndex.put(h, b);
                }
                parent = h;
            }
        }
        dereferenceDeepestFirst(seq.table);
    }

    /**
     * Drops a sequence's references from its last block to its first, so that the LRU order evicts the
     * deepest block of a cached prefix first (vLLM frees a request's blocks in reverse order for the same
     * reason): evicting the head of a chain first would strand every block after it, still cached but
     * unreachable.
     */
    private void dereferenceDeepestFirst(int[] table) {
        for (int i = table.length - 1; i >= 0; i--) {
            dereference(table[i]);
        }
    }

    /** Returns a failed sequence's blocks without caching anything it computed. */
    public void discard(SequenceBlocks seq) {
        checkLive(seq);
        seq.released = true;
        dereferenceDeepestFirst(seq.table);
    }

    /** Evicts up to {@code n} least recently used cached blocks; returns how many were evicted. */
    public int evict(int n) {
        int done = 0;
        Iterator<Integer> it = evictable.iterator();
        while (done < n && it.hasNext()) {
            int b = it.next();
            it.remove();
            uncache(b);
            freeStack[freeTop++] = b;
            done++;
        }
        evictedTotal += done;
        return done;
    }

    public PoolStats stats() {
        int used = totalBlocks - freeTop - evictable.size();
        double hit = promptTokensAdmitted == 0 ? 0.0 : (double) promptTokensHit / promptTokensAdmitted;
        return new PoolStats(totalBlocks, freeTop, evictable.size(), used, evictedTotal, hit, blockSize);
    }

    /** Checks the pool's invariants; tests call it after every operation. */
    public void validate() {
        int free = freeTop;
        int refs = 0;
        boolean[] inFree = new boolean[totalBlocks];
        for (int i = 0; i < freeTop; i++) {
            int b = freeStack[i];
            if (inFree[b] || refCount[b] != 0 || cachedTokens[b] != null) {
                throw new IllegalStateException("free block " + b + " is duplicated, referenced or cached");
            }
            inFree[b] = true;
        }
        for (int b = 0; b < totalBlocks; b++) {
            if (refCount[b] < 0) {
                throw new IllegalStateException("block " + b + " has negative refcount");
            }
            if (refCount[b] > 0) {
                refs++;
            }
            boolean isEvictable = evictable.contains(b);
            if (isEvictable != (refCount[b] == 0 && cachedTokens[b] != null)) {
                throw new IllegalStateException("block " + b + " evictable set out of sync");
            }
        }
        if (free + refs + evictable.size() != totalBlocks) {
            throw new IllegalStateException("blocks lost: free " + free + " + used " + refs + " + evictable "
                    + evictable.size() + " != " + totalBlocks);
        }
    }

    private int[] matchPrefix(String namespace, int[] prompt) {
        int maxBlocks = (prompt.length - 1) / blockSize; // keep >= 1 prompt token to compute
        int[] out = new int[maxBlocks];
        long parent = namespaceHash(namespace);
        int n = 0;
        for (int i = 0; i < maxBlocks; i++) {
            int from = i * blockSize;
            long h = chain(parent, prompt, from, from + blockSize);
            Integer b = cacheIndex.get(h);
            if (b == null || parentHash[b] != parent
                    || !Arrays.equals(cachedTokens[b], 0, blockSize, prompt, from, from + blockSize)) {
                break;
            }
            out[n++] = b;
            parent = h;
        }
        return Arrays.copyOf(out, n);
    }

    private void reference(int b) {
        if (refCount[b] == 0) {
            evictable.remove(b);
        }
        refCount[b]++;
    }

    private void dereference(int b) {
        if (--refCount[b] > 0) {
            return;
        }
        if (cachedTokens[b] != null) {
            evictable.add(b); // most recently used at the tail
        } else {
            freeStack[freeTop++] = b;
        }
    }

    private void uncache(int b) {
        cacheIndex.remove(chainHash[b]);
        chainHash[b] = NO_HASH;
        parentHash[b] = NO_HASH;
        cachedTokens[b] = null;
    }

    private static void checkLive(SequenceBlocks seq) {
        if (seq.released) {
            throw new IllegalStateException("sequence blocks already released");
        }
    }

    private static long namespaceHash(String namespace) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < namespace.length(); i++) {
            h = mix(h ^ namespace.charAt(i));
        }
        return mix(h ^ namespace.length());
    }

    private static long chain(long parent, int[] tokens) {
        return chain(parent, tokens, 0, tokens.length);
    }

    private static long chain(long parent, int[] tokens, int from, int to) {
        long h = mix(parent ^ 0xD1B54A32D192ED03L);
        for (int i = from; i < to; i++) {
            h = mix(h ^ tokens[i]);
        }
        return h == NO_HASH ? 1 : h;
    }

    /** SplitMix64's finalizer: a strong 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
