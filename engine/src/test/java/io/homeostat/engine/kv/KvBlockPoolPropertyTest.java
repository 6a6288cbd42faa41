package io.homeostat.engine.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random allocate / release / discard / evict sequences against a naive model of what each block holds.
 *
 * <p>The model plays the executor: when a sequence is released it "writes" each computed full block as
 * (namespace, all tokens up to the block's end), and a discarded or partly written block holds garbage.
 * Then every prefix-cache hit must hand out blocks whose content is exactly the new prompt's prefix in the
 * same namespace — which catches a hash or chain mistake, a block reused while still cached, or a hit across
 * namespaces. After every operation: {@link KvBlockPool#validate()}, the floor, and ownership (a freshly
 * allocated block belongs to exactly one live sequence; only cached prefix blocks are shared).
 */
class KvBlockPoolPropertyTest {
    private static final int TOTAL = 24;
    private static final int BS = 4;
    private static final String[] NAMESPACES = {null, "agent-a", "agent-b", ""};
    /** Small alphabet so that equal blocks recur at different positions and in different namespaces. */
    private static final int[][] BASES = {tokens(1, 40), tokens(2, 40), tokens(3, 40)};

    record Op(int kind, int a, int b, int c) {
    }

    /** What a block holds according to the model: the namespace and the tokens from 0 to the block's end. */
    record Content(String namespace, int[] prefix) {
        boolean holds(String ns, int[] prompt, int end) {
            return Objects.equals(namespace, ns) && prefix.length == end && Arrays.equals(prefix, 0, end, prompt, 0, end);
        }
    }

    static final class Live {
        final SequenceBlocks seq;
        final String namespace;
        final int[] prompt;
        final int capacity;

        Live(SequenceBlocks seq, String namespace, int[] prompt, int capacity) {
            this.seq = seq;
            this.namespace = namespace;
            this.prompt = prompt;
            this.capacity = capacity;
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 100_000);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), any, any, any).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void invariantsHoldAfterEveryOperation(@ForAll("ops") List<Op> ops) {
        KvBlockPool pool = new KvBlockPool(TOTAL, BS);
        List<Live> live = new ArrayList<>();
        Map<Integer, Content> content = new HashMap<>();
        for (Op op : ops) {
            if (op.kind() <= 4 || live.isEmpty()) {
                allocate(pool, live, content, op);
            } else if (op.kind() <= 6) {
                release(pool, live.remove(op.a() % live.size()), content, op);
            } else if (op.kind() == 7) {
                Live l = live.remove(op.a() % live.size());
                int fresh = l.seq.cachedTokens() / BS;
                for (int i = fresh; i < l.seq.blockCount(); i++) {
                    content.remove(l.seq.blockAt(i)); // partly computed: garbage
                }
                pool.discard(l.seq);
            } else {
                int before = pool.evictableBlocks();
                int freeBefore = pool.freeBlocks();
                int n = op.a() % 6;
                int done = pool.evict(n);
                assertEquals(Math.min(n, before), done, "evicts what it can, up to n");
                assertEquals(before - done, pool.evictableBlocks());
                assertEquals(freeBefore + done, pool.freeBlocks());
            }
            check(pool, live);
        }
        for (Live l : live) {
            pool.discard(l.seq);
        }
        pool.validate();
        assertEquals(TOTAL, pool.freeBlocks() + pool.evictableBlocks(), "nothing lost at the end");
        int cached = pool.evictableBlocks();
        assertEquals(cached, pool.evict(TOTAL));
        assertEquals(TOTAL, pool.freeBlocks());
        pool.validate();
    }

    @Property(tries = 200)
    void releasedBlocksHitWhenTheSamePrefixComesBack(@ForAll("ops") List<Op> ops) {
        KvBlockPool pool = new KvBlockPool(TOTAL, BS);
        List<Live> live = new ArrayList<>();
        Map<Integer, Content> content = new HashMap<>();
        for (Op op : ops) {
            if (op.kind() <= 5 || live.isEmpty()) {
                allocate(pool, live, content, op);
                continue;
            }
            Live l = live.remove(op.a() % live.size());
            int[] all = release(pool, l, content, op);
            int computed = computed(l, all, op);
            if (l.namespace == null || computed < 2) {
                continue;
            }
            // the same prefix again, right away: every full computed block is a hit (never the last token)
            int len = Math.min(computed, all.length);
            int[] again = Arrays.copyOf(all, len);
            try {
                SequenceBlocks hit = pool.allocate(l.namespace, again, len, 0);
                assertEquals((len - 1) / BS * BS, hit.cachedTokens(), "hit on the just-released prefix");
                for (int i = hit.cachedTokens() / BS; i < hit.blockCount(); i++) {
                    content.remove(hit.blockAt(i));
                }
                pool.discard(hit);
            } catch (BlockShortage e) {
                fail("floor 0 with " + pool.freeBlocks() + " free: " + e.getMessage());
            }
            check(pool, live);
        }
    }

    private static void allocate(KvBlockPool pool, List<Live> live, Map<Integer, Content> content, Op op) {
        String ns = NAMESPACES[op.a() % NAMESPACES.length];
        int[] base = BASES[op.b() % BASES.length];
        int len = 1 + (op.b() / 3) % 30;
        int[] prompt = Arrays.copyOf(base, len);
        int cut = op.c() % (len + 1);
        SplittableRandom r = new SplittableRandom(op.c());
        for (int i = cut; i < len; i++) {
            prompt[i] = r.nextInt(3);
        }
        int capacity = len + op.c() % 10;
        int floor = op.a() % 9;
        int free = pool.freeBlocks();
        int evictable = pool.evictableBlocks();
        int needed = pool.blocksFor(capacity);
        SequenceBlocks seq;
        try {
            seq = pool.allocate(ns, prompt, capacity, floor);
        } catch (BlockShortage e) {
            assertTrue(free + evictable - needed < floor, "refused although " + free + " free + " + evictable
                    + " evictable - " + needed + " needed >= floor " + floor);
            assertTrue(e.getMessage().contains("floor of " + floor), e.getMessage());
            assertEquals(free, pool.freeBlocks(), "a refusal changes nothing");
            assertEquals(evictable, pool.evictableBlocks(), "a refusal changes nothing");
            return;
        }
        assertTrue(pool.freeBlocks() + pool.evictableBlocks() >= floor, "floor " + floor + " broken");
        assertEquals(needed, seq.blockCount());
        int hits = seq.cachedTokens() / BS;
        assertEquals(0, seq.cachedTokens() % BS);
        assertTrue(seq.cachedTokens() < len, "never the whole prompt from the cache");
        if (ns == null) {
            assertEquals(0, hits, "no namespace, no cache");
        }
        for (int i = 0; i < hits; i++) {
            Content c = content.get(seq.blockAt(i));
            assertNotNull(c, "hit on block " + seq.blockAt(i) + " that holds nothing");
            assertTrue(c.holds(ns, prompt, (i + 1) * BS), "hit on block " + seq.blockAt(i) + " holding "
                    + c.namespace() + " " + Arrays.toString(c.prefix()) + " for " + ns + " " + Arrays.toString(prompt));
        }
        for (int i = hits; i < seq.blockCount(); i++) {
            content.remove(seq.blockAt(i)); // handed out fresh: about to be overwritten
        }
        live.add(new Live(seq, ns, prompt, capacity));
    }

    private static int computed(Live l, int[] all, Op op) {
        return Math.max(l.prompt.length, all.length - op.c() % 3);
    }

    /** Releases with some generated tokens; the model records what the computed full blocks hold. */
    private static int[] release(KvBlockPool pool, Live l, Map<Integer, Content> content, Op op) {
        int generated = op.b() % (l.capacity - l.prompt.length + 1);
        int[] all = Arrays.copyOf(l.prompt, l.prompt.length + generated);
        SplittableRandom r = new SplittableRandom(op.b());
        for (int i = l.prompt.length; i < all.length; i++) {
            all[i] = r.nextInt(3);
        }
        int computed = Math.min(computed(l, all, op), all.length);
        for (int i = 0; i < l.seq.blockCount(); i++) {
            int b = l.seq.blockAt(i);
            if (i < l.seq.cachedTokens() / BS) {
                continue; // a shared cached block: unchanged
            }
            if (l.namespace != null && (i + 1) * BS <= computed) {
                content.put(b, new Content(l.namespace, Arrays.copyOf(all, (i + 1) * BS)));
            } else {
                content.remove(b);
            }
        }
        pool.release(l.seq, all, computed);
        return all;
    }

    private static void check(KvBlockPool pool, List<Live> live) {
        pool.validate();
        Set<Integer> owned = new HashSet<>();
        Map<Integer, Integer> sharedAt = new HashMap<>();
        Set<Integer> fresh = new HashSet<>();
        for (Live l : live) {
            for (int i = 0; i < l.seq.blockCount(); i++) {
                int b = l.seq.blockAt(i);
                owned.add(b);
                if (i >= l.seq.cachedTokens() / BS) {
                    assertTrue(fresh.add(b) && !sharedAt.containsKey(b), "block " + b + " owned twice");
                } else {
                    assertTrue(!fresh.contains(b), "cached block " + b + " also handed out fresh");
                    Integer at = sharedAt.putIfAbsent(b, i);
                    assertTrue(at == null || at == i, "shared block " + b + " at different positions");
                }
            }
        }
        PoolStats s = pool.stats();
        assertEquals(owned.size(), s.usedBlocks(), "used = blocks live sequences hold");
        assertEquals(TOTAL, s.freeBlocks() + s.cachedBlocks() + s.usedBlocks());
    }

    private static int[] tokens(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(3);
        }
        return t;
    }
}
