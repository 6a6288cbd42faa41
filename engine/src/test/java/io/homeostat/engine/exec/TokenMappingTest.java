package io.homeostat.engine.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.engine.cpu.CpuExecutors;
import io.homeostat.engine.cpu.ScalarKernels;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.RandomWeights;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenMappingTest {
    private final TokenMapping m = TokenMapping.forModel(ModelConfig.stories15M());

    @Test
    void scalesTraceCountsByAThirtySecond() {
        assertEquals(new TokenMapping.Lengths(46, 1, 1469, 13, false), m.lengths(1469, 13), "Azure code p50");
        assertEquals(new TokenMapping.Lengths(212, 16, 6758, 500, false), m.lengths(6758, 500), "Mooncake row 1");
        assertEquals(new TokenMapping.Lengths(1, 1, 0, 0, false), m.lengths(0, 0), "at least one of each");
        assertEquals(16, m.tokensPerHashBlock(), "a 512-token trace block is one 16-token KV block");
    }

    @Test
    void clampsLongRequestsIntoTheContext() {
        // Mooncake p99: 85,401 -> 2,669 prompt, 1,120 -> 35 output: the prompt is cut to what is left
        assertEquals(new TokenMapping.Lengths(221, 35, 85401, 1120, true), m.lengths(85401, 1120));
        // a huge output keeps what the short prompt leaves
        assertEquals(new TokenMapping.Lengths(1, 255, 10, 20000, true), m.lengths(10, 20000));
        // both huge: half each
        assertEquals(new TokenMapping.Lengths(128, 128, 20000, 20000, true), m.lengths(20000, 20000));
        assertEquals(new TokenMapping.Lengths(128, 128, Integer.MAX_VALUE, Integer.MAX_VALUE, true),
                m.lengths(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Property(tries = 500)
    void lengthsAlwaysFitAndKeepOneOfEach(@ForAll @IntRange(min = 0, max = 200_000) int prompt,
                                          @ForAll @IntRange(min = 0, max = 20_000) int output,
                                          @ForAll @IntRange(min = 2, max = 600) int seqLen) {
        TokenMapping t = new TokenMapping(seqLen, 300, 1.0 / 32, 1.0 / 8, 512);
        TokenMapping.Lengths l = t.lengths(prompt, output);
        assertTrue(l.promptTokens() >= 1 && l.maxNewTokens() >= 1);
        assertTrue(l.promptTokens() + l.maxNewTokens() <= seqLen);
        int p = (int) Math.max(1, Math.ceil(prompt / 32.0));
        int o = (int) Math.max(1, Math.ceil(output / 8.0));
        if (p + o <= seqLen) {
            assertEquals(new TokenMapping.Lengths(p, o, prompt, output, false), l, "fits: scaled exactly");
        } else {
            assertTrue(l.clamped());
            assertTrue(l.promptTokens() <= p && l.maxNewTokens() <= o, "clamping never grows a count");
            assertTrue(l.promptTokens() >= Math.min(p, seqLen / 2), "the prompt keeps up to half the context");
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.lengths(-1, 3));
        assertTrue(e.getMessage().contains("trace counts must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TokenMapping(256, 300, 0, 1, 512));
        assertTrue(e.getMessage().contains("promptScale must be finite and > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenMapping(256, 300, Double.NaN, 1, 512));
        assertThrows(IllegalArgumentException.class, () -> new TokenMapping(256, 3, 1, 1, 512));
        assertThrows(IllegalArgumentException.class, () -> m.promptTokens("r", 0, null));
    }

    @Test
    void promptIdsAreBosThenSyntheticIdsDeterministically() {
        int[] a = m.promptTokens("req-1", 100, null);
        assertEquals(100, a.length);
        assertEquals(Tokenizer.BOS, a[0]);
        assertTrue(Arrays.stream(a, 1, 100).allMatch(id -> id >= 3 && id < 32000), "ids avoid unk/BOS/EOS");
        assertArrayEquals(a, m.promptTokens("req-1", 100, new long[0]), "same request, same ids");
        assertArrayEquals(Arrays.copyOf(a, 40), m.promptTokens("req-1", 40, null), "shorter is a prefix");
        int[] b = m.promptTokens("req-2", 100, null);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 100), Arrays.copyOfRange(b, 1, 100)));
        // pinned values: the derivation (FNV-1a + SplitMix64) must not change between runs, JVMs or releases,
        // or replays stop being comparable
        assertArrayEquals(new int[] {1, 1444, 24996, 25878, 3645, 11884}, Arrays.copyOf(a, 6));
        assertArrayEquals(new int[] {1, 17103, 18258, 13794, 7802, 16438}, m.promptTokens("x", 6, new long[] {7}));
    }

    @Test
    void equalLeadingHashIdsGiveEqualLeadingBlocks() {
        int[] a = m.promptTokens("a", 200, new long[] {0, 1, 2, 3, 4});
        int[] b = m.promptTokens("b", 200, new long[] {0, 1, 2, 9, 10});
        int[] c = m.promptTokens("c", 40, new long[] {0, 1});
        int shared = 1 + 3 * 16;
        assertArrayEquals(Arrays.copyOf(a, shared), Arrays.copyOf(b, shared), "BOS + 3 shared hash blocks");
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, shared, shared + 16)),
                Arrays.toString(Arrays.copyOfRange(b, shared, shared + 16)), "the 4th block differs");
        assertArrayEquals(Arrays.copyOf(a, 33), Arrays.copyOf(c, 33));
        int[] tail = m.promptTokens("c", 60, new long[] {0, 1});
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, 33, 60)), Arrays.toString(Arrays.copyOfRange(tail, 33, 60)),
                "past its hash ids a request continues with its own ids");
        assertArrayEquals(m.promptTokens("x", 33, new long[] {7, 8}), m.promptTokens("y", 33, new long[] {7, 8}),
                "hash ids, not the request id, decide covered tokens");
    }

    @Test
    void namespaceIsSharedForTraceHashesElseTheAgent() {
        assertEquals("", TokenMapping.cacheNamespace("agent-7", true));
        assertEquals("agent-7", TokenMapping.cacheNamespace("agent-7", false));
        assertNull(TokenMapping.cacheNamespace(null, false));
    }

    @Test
    void prefixCacheHitsExactlyTheSharedTraceBlocks() throws Exception {
        ModelConfig shape = new ModelConfig(64, 160, 2, 4, 2, 300, 128, true);
        TokenMapping t = TokenMapping.forModel(shape);
        try (BatchExecutor ex = CpuExecutors.create(RandomWeights.generate(shape, 3), 64, 16, 2, 32, false,
                new ScalarKernels())) {
            // trace: A = 5 blocks of 512 (2,300 tokens), B shares the first 3 blocks, C shares only block 0
            TokenMapping.Mapped a = t.map("A", 2300, 90, new long[] {0, 1, 2, 3, 4});
            TokenMapping.Mapped b = t.map("B", 2400, 60, new long[] {0, 1, 2, 9, 10});
            TokenMapping.Mapped c = t.map("C", 2000, 60, new long[] {0, 11, 12, 13});
            assertEquals(72, a.lengths().promptTokens());
            String ns = TokenMapping.cacheNamespace("agent-a", true);
            run(ex, "A", a, ns);
            assertEquals(48, run(ex, "B", b, ns).cachedTokens(), "3 shared trace blocks = 3 KV blocks");
            SequenceResult hitC = run(ex, "C", c, ns);
            assertEquals(16, hitC.cachedTokens(), "1 shared trace block = 1 KV block");
            SequenceResult coldC = run(ex, "C", c, null);
            assertEquals(0, coldC.cachedTokens());
            assertArrayEquals(coldC.output(), hitC.output(), "a hit gives the cold output");
        }
    }

    private static SequenceResult run(BatchExecutor ex, String id, TokenMapping.Mapped m, String ns)
            throws ExecutorException {
        SequenceRequest r = new SequenceRequest(id, m.prompt(), m.lengths().maxNewTokens(), 0f, 0, ns);
        SequenceResult res = ex.execute(ExecutionBatch.of(id, List.of(r))).results().get(0);
        assertEquals(SequenceResult.Status.OK, res.status(), res.reason());
        return res;
    }
}
