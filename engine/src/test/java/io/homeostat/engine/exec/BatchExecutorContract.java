package io.homeostat.engine.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import io.homeostat.engine.model.ReferenceLlama;
import io.homeostat.engine.model.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BatchExecutor} passes (CPU scalar, CPU SIMD, CUDA). Subclasses only say how
 * to open an executor on given weights. The model is small (GQA: 4 query heads over 2 KV heads) so the
 * double-precision reference runs in milliseconds.
 */
public abstract class BatchExecutorContract {
    protected static final ModelConfig SHAPE = new ModelConfig(64, 160, 2, 4, 2, 300, 64, true);
    protected static final int BLOCKS = 64;
    protected ModelWeights weights;
    protected BatchExecutor executor;

    /** Opens the executor under test with {@code kvBlocks} blocks of 16 tokens. */
    protected abstract BatchExecutor open(ModelWeights weights, int kvBlocks);

    @BeforeEach
    void openExecutor() {
        weights = RandomWeights.generate(SHAPE, 7);
        executor = open(weights, BLOCKS);
    }

    @AfterEach
    void closeExecutor() {
        Thread.interrupted();
        if (executor != null) {
            executor.close(); // null when open() skipped the test (no device)
        }
    }

    protected static int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[length];
        p[0] = 1;
        for (int i = 1; i < length; i++) {
            p[i] = 3 + r.nextInt(SHAPE.vocabSize() - 3);
        }
        return p;
    }

    private BatchOutcome run(SequenceRequest... seqs) throws ExecutorException {
        return executor.execute(ExecutionBatch.of("b", List.of(seqs)));
    }

    @Test
    void oneResultPerSequenceInBatchOrder() throws Exception {
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(SequenceRequest.greedy("r" + i, prompt(i, 3 + 4 * i), 1 + i));
        }
        BatchOutcome out = executor.execute(ExecutionBatch.of("b1", seqs));
        assertEquals(5, out.results().size());
        for (int i = 0; i < 5; i++) {
            SequenceResult r = out.results().get(i);
            assertEquals("r" + i, r.requestId());
            assertEquals(SequenceResult.Status.OK, r.status());
            assertEquals(1 + i, r.output().length);
            assertEquals(3 + 4 * i, r.promptTokens());
        }
        assertEquals(1 + 2 + 3 + 4 + 5, out.stats().decodeTokens(), "tokens generated");
    }

    @Test
    void greedyOutputMatchesTheDoublePrecisionReference() throws Exception {
        for (int seed = 0; seed < 3; seed++) {
            int[] p = prompt(100 + seed, 5 + 7 * seed);
            int[] expected = new ReferenceLlama(weights).generate(p, 12);
            BatchOutcome out = run(SequenceRequest.greedy("s" + seed, p, 12));
            assertArrayEquals(expected, out.results().get(0).output(), "prompt seed " + seed);
        }
    }

    @Test
    void batchedOutputEqualsEachSequenceAlone() throws Exception {
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seqs.add(SequenceRequest.greedy("r" + i, prompt(50 + i, 2 + 5 * i), 10));
        }
        BatchOutcome batched = executor.execute(ExecutionBatch.of("all", seqs));
        for (int i = 0; i < 6; i++) {
            BatchOutcome alone = run(seqs.get(i));
            assertArrayEquals(alone.results().get(0).output(), batched.results().get(i).output(), "sequence " + i);
        }
    }

    @Test
    void samplingIsSeededPerRequest() throws Exception {
        int[] p = prompt(9, 6);
        // random-weight logits are sharp (std ~ sqrt(dim)); a high temperature makes sampling matter
        SequenceRequest a = new SequenceRequest("x", p, 16, 50f, 42, null);
        SequenceRequest b = new SequenceRequest("x", p, 16, 50f, 43, null);
        int[] first = run(a).results().get(0).output();
        assertArrayEquals(first, run(a).results().get(0).output());
        assertFalse(java.util.Arrays.equals(first, run(b).results().get(0).output()));
    }

    @Test
    void refusesWhatWouldBreakTheFloorAndRunsTheRest() throws Exception {
        // 64 blocks, floor 40: room for 24 blocks; each sequence of 64 tokens needs 4.
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seqs.add(SequenceRequest.greedy("r" + i, prompt(i, 40), 24));
        }
        BatchOutcome out = executor.execute(new ExecutionBatch("floor", seqs, 40, 0));
        long ok = out.results().stream().filter(r -> r.status() == SequenceResult.Status.OK).count();
        assertEquals(6, ok);
        SequenceResult refused = out.results().get(7);
        assertEquals(SequenceResult.Status.REJECTED, refused.status());
        assertTrue(refused.reason().contains("minimum stable floor of 40"), refused.reason());
        assertEquals(BLOCKS, executor.poolStats().freeBlocks(), "all blocks back after the batch");
    }

    @Test
    void refusesSequencesLongerThanTheContext() throws Exception {
        BatchOutcome out = run(SequenceRequest.greedy("long", prompt(1, 60), 10), SequenceRequest.greedy("ok", prompt(2, 4), 2));
        assertEquals(SequenceResult.Status.REJECTED, out.results().get(0).status());
        assertTrue(out.results().get(0).reason().contains("context of 64"), out.results().get(0).reason());
        assertEquals(SequenceResult.Status.OK, out.results().get(1).status());
    }

    @Test
    void prefixCacheHitGivesTheColdOutput() throws Exception {
        int[] p = prompt(77, 40);
        SequenceRequest warm = new SequenceRequest("w1", p, 8, 0f, 0, "agent-1");
        run(warm);
        assertTrue(executor.poolStats().cachedBlocks() > 0, "finished blocks are cached");
        BatchOutcome hit = run(new SequenceRequest("w2", p, 8, 0f, 0, "agent-1"));
        assertEquals(32, hit.results().get(0).cachedTokens(), "two full blocks of the 40-token prompt reused");
        assertEquals(8, hit.stats().prefillTokens());
        BatchOutcome cold = run(SequenceRequest.greedy("c", p, 8));
        assertArrayEquals(cold.results().get(0).output(), hit.results().get(0).output());
        BatchOutcome otherAgent = run(new SequenceRequest("o", p, 8, 0f, 0, "agent-2"));
        assertEquals(0, otherAgent.results().get(0).cachedTokens(), "no sharing across agents");
    }

    @Test
    void evictionTargetEmptiesTheCache() throws Exception {
        run(new SequenceRequest("w1", prompt(5, 40), 8, 0f, 0, "agent"));
        int cached = executor.poolStats().cachedBlocks();
        assertTrue(cached > 0);
        BatchOutcome out = executor.execute(new ExecutionBatch("evict", List.of(SequenceRequest.greedy("n", prompt(6, 4), 1)), 0, cached));
        assertEquals(cached, out.stats().evictedBlocks());
        assertEquals(0, executor.poolStats().cachedBlocks());
    }

    @Test
    void interruptFailsTheBatchAndLeavesTheExecutorUsable() throws Exception {
        Thread.currentThread().interrupt();
        assertThrows(ExecutorException.class, () -> run(SequenceRequest.greedy("i", prompt(3, 10), 4)));
        assertTrue(Thread.interrupted());
        assertEquals(BLOCKS, executor.poolStats().freeBlocks(), "no blocks leak from a failed batch");
        BatchOutcome out = run(SequenceRequest.greedy("after", prompt(3, 10), 4));
        assertEquals(SequenceResult.Status.OK, out.results().get(0).status());
    }

    @Test
    void longPromptsArePrefilledAcrossSeveralPasses() throws Exception {
        int[] p = prompt(11, 50);
        int[] expected = new ReferenceLlama(weights).generate(p, 6);
        assertArrayEquals(expected, run(SequenceRequest.greedy("long", p, 6)).results().get(0).output());
        assertNotEquals(0, executor.poolStats().totalBlocks());
    }

    @Test
    void handComputedSuccessorModelCountsTokenByToken() throws Exception {
        // TinyModels.successor(): the residual stream stays e_i, the classifier maps e_i to token i+1 mod 8
        try (BatchExecutor tiny = open(TinyModels.successor(), BLOCKS)) {
            BatchOutcome out = tiny.execute(ExecutionBatch.of("succ", List.of(
                    SequenceRequest.greedy("from5", new int[] {5}, 10),
                    SequenceRequest.greedy("from2", new int[] {7, 0, 1, 2}, 6))));
            assertArrayEquals(new int[] {6, 7, 0, 1, 2, 3, 4, 5, 6, 7}, out.results().get(0).output());
            assertArrayEquals(new int[] {3, 4, 5, 6, 7, 0}, out.results().get(1).output());
        }
    }

    @Test
    void handComputedLeastFrequentModelFollowsTheWholeHistory() throws Exception {
        // TinyModels.leastFrequent(): uniform attention counts the tokens so far; next = least frequent, lowest id
        // on ties. Prompt 3 3 1 -> counts {0:0 1:1 2:0 3:2} -> 0; {0:1 1:1 2:0 3:2} -> 2; {1 1 1 2} -> 0;
        // {2 1 1 2} -> 1; {2 2 1 2} -> 2; {2 2 2 2} -> 0; {3 2 2 2} -> 1; {3 3 2 2} -> 2; {3 3 3 2} -> 3; ...
        try (BatchExecutor tiny = open(TinyModels.leastFrequent(), BLOCKS)) {
            BatchOutcome out = tiny.execute(ExecutionBatch.of("lf", List.of(
                    SequenceRequest.greedy("a", new int[] {3, 3, 1}, 12),
                    SequenceRequest.greedy("b", new int[] {0}, 10),
                    SequenceRequest.greedy("c", new int[] {2, 2, 2, 2, 0}, 12))));
            assertArrayEquals(new int[] {0, 2, 0, 1, 2, 0, 1, 2, 3, 0, 1, 2}, out.results().get(0).output());
            assertArrayEquals(new int[] {1, 2, 3, 0, 1, 2, 3, 0, 1, 2}, out.results().get(1).output());
            assertArrayEquals(new int[] {1, 3, 0, 1, 3, 0, 1, 3, 0, 1, 3, 0}, out.results().get(2).output());
        }
    }

    @Test
    void sameSeedSameOutputOnAFreshExecutor() throws Exception {
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seqs.add(new SequenceRequest("d" + i, prompt(300 + i, 3 + 9 * i), 9, i % 2 == 0 ? 0f : 30f, 1234, null));
        }
        BatchOutcome first = executor.execute(ExecutionBatch.of("d1", seqs));
        try (BatchExecutor again = open(RandomWeights.generate(SHAPE, 7), BLOCKS)) {
            BatchOutcome second = again.execute(ExecutionBatch.of("d2", seqs));
            for (int i = 0; i < seqs.size(); i++) {
                assertArrayEquals(first.results().get(i).output(), second.results().get(i).output(), "sequence " + i);
            }
        }
    }

    @Test
    void sampledOutputDoesNotDependOnBatchNeighbours() throws Exception {
        List<SequenceRequest> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(new SequenceRequest("t" + i, prompt(400 + i, 4 + 6 * i), 8, 40f, 99 + i, null));
        }
        BatchOutcome batched = executor.execute(ExecutionBatch.of("all", seqs));
        for (int i = 0; i < seqs.size(); i++) {
            assertArrayEquals(run(seqs.get(i)).results().get(0).output(), batched.results().get(i).output(),
                    "sequence " + i);
        }
    }

    @Test
    void prefixCacheHitsInsideOneBatchGiveTheColdOutput() throws Exception {
        int[] shared = prompt(500, 37);
        List<SequenceRequest> first = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int[] p = java.util.Arrays.copyOf(shared, 37 + 3 * i);
            for (int k = 37; k < p.length; k++) {
                p[k] = 3 + (i * 31 + k) % 200;
            }
            prompts.add(p);
            first.add(new SequenceRequest("p" + i, p, 6, 0f, 0, "agent"));
        }
        executor.execute(ExecutionBatch.of("warm", first.subList(0, 1)));
        BatchOutcome hits = executor.execute(ExecutionBatch.of("hits", first));
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(32, hits.results().get(i).cachedTokens(), "sequence " + i + " reuses the 2 shared blocks");
            int[] cold = run(SequenceRequest.greedy("cold" + i, prompts.get(i), 6)).results().get(0).output();
            assertArrayEquals(cold, hits.results().get(i).output(), "sequence " + i);
        }
    }
}
