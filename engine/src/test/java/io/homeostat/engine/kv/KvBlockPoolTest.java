package io.homeostat.engine.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Examples of the pool's rules; {@link KvBlockPoolPropertyTest} fuzzes them. */
class KvBlockPoolTest {

    private static int[] seq(int start, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i;
        }
        return t;
    }

    @Test
    void leastRecentlyUsedPrefixIsEvictedFirst() throws Exception {
        KvBlockPool pool = new KvBlockPool(8, 4);
        int[] a = seq(100, 9);
        int[] b = seq(200, 9);
        pool.release(pool.allocate("x", a, 9, 0), a, 8); // caches 2 blocks of a
        pool.release(pool.allocate("x", b, 9, 0), b, 8); // then 2 of b
        SequenceBlocks again = pool.allocate("x", a, 9, 0); // touches a
        assertEquals(8, again.cachedTokens());
        pool.release(again, a, 8);
        assertEquals(4, pool.evictableBlocks());
        assertEquals(2, pool.evict(2));
        assertEquals(0, hit(pool, "x", b), "b was least recently used");
        assertEquals(8, hit(pool, "x", a));
    }

    @Test
    void evictionTakesTheDeepestBlockOfAPrefixFirst() throws Exception {
        KvBlockPool pool = new KvBlockPool(8, 4);
        int[] a = seq(1, 13);
        pool.release(pool.allocate("x", a, 13, 0), a, 12); // 3 cached blocks
        assertEquals(1, pool.evict(1));
        assertEquals(8, hit(pool, "x", a), "the two leading blocks still hit");
    }

    @Test
    void hitsOnlyInTheSameNamespaceAndOnEqualLeadingBlocks() throws Exception {
        KvBlockPool pool = new KvBlockPool(16, 4);
        int[] a = seq(1, 13);
        pool.release(pool.allocate("x", a, 13, 0), a, 12);
        assertEquals(0, hit(pool, "y", a));
        assertEquals(0, hit(pool, "", a));
        int[] b = a.clone();
        b[5] = 999; // second block differs
        assertEquals(4, hit(pool, "x", b));
        int[] c = a.clone();
        c[0] = 999; // first block differs: nothing after it can hit either
        assertEquals(0, hit(pool, "x", c));
        assertEquals(0, pool.allocate(null, a, 13, 0).cachedTokens(), "null namespace never hits");
    }

    @Test
    void theLastPromptTokenIsNeverServedFromTheCache() throws Exception {
        KvBlockPool pool = new KvBlockPool(8, 4);
        int[] a = seq(1, 8);
        pool.release(pool.allocate("x", a, 9, 0), seq(1, 9), 8);
        assertEquals(4, hit(pool, "x", a), "8-token prompt: 1 of its 2 cached blocks, the last token is computed");
        assertEquals(8, hit(pool, "x", seq(1, 9)));
    }

    @Test
    void refusalNamesTheNumbersAndChangesNothing() throws Exception {
        KvBlockPool pool = new KvBlockPool(10, 4);
        SequenceBlocks held = pool.allocate(null, seq(1, 5), 20, 0); // 5 blocks
        BlockShortage e = assertThrows(BlockShortage.class, () -> pool.allocate(null, seq(1, 5), 8, 4));
        assertTrue(e.getMessage().contains("needs 2 KV blocks; free 5 + evictable 0 would leave 3, below the minimum "
                + "stable floor of 4 (pool 10)"), e.getMessage());
        assertEquals(5, pool.freeBlocks());
        pool.discard(held);
        pool.validate();
        assertEquals(10, pool.freeBlocks());
    }

    @Test
    void evictableBlocksCountTowardsTheFloorAndAreEvictedOnDemand() throws Exception {
        KvBlockPool pool = new KvBlockPool(4, 4);
        int[] a = seq(1, 16);
        pool.release(pool.allocate("x", a, 16, 0), a, 16); // 4 cached, 0 free
        assertEquals(0, pool.freeBlocks());
        SequenceBlocks s = pool.allocate(null, seq(50, 4), 8, 2); // needs 2, 4 evictable - 2 = 2 >= floor 2
        assertEquals(2, pool.stats().evictedTotal());
        assertThrows(BlockShortage.class, () -> pool.allocate(null, seq(50, 4), 4, 2));
        pool.discard(s);
        assertEquals(8, hit(pool, "x", a), "the deepest two blocks went first");
    }

    @Test
    void releasingTwiceIsAnError() throws Exception {
        KvBlockPool pool = new KvBlockPool(4, 4);
        SequenceBlocks s = pool.allocate("x", seq(1, 3), 4, 0);
        pool.discard(s);
        assertThrows(IllegalStateException.class, () -> pool.discard(s));
        assertThrows(IllegalStateException.class, () -> pool.release(s, seq(1, 3), 3));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate("x", seq(1, 5), 4, 0));
    }

    @Test
    void statsReportHitRate() throws Exception {
        KvBlockPool pool = new KvBlockPool(8, 4);
        int[] a = seq(1, 9);
        pool.release(pool.allocate("x", a, 9, 0), a, 8);
        pool.release(pool.allocate("x", a, 9, 0), a, 8);
        PoolStats st = pool.stats();
        assertEquals(8.0 / 18.0, st.prefixHitRate(), 1e-12);
        assertEquals(2, st.cachedBlocks());
        assertEquals(6, st.freeBlocks());
        assertEquals(0, st.usedBlocks());
    }

    /** Cached tokens a fresh allocation of {@code prompt} gets; the allocation is discarded again. */
    private static int hit(KvBlockPool pool, String ns, int[] prompt) throws BlockShortage {
        SequenceBlocks s = pool.allocate(ns, prompt, prompt.length, 0);
        int cached = s.cachedTokens();
        pool.discard(s);
        pool.validate();
        return cached;
    }
}
