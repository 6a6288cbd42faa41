package io.homeostat.engine.exec;

import io.homeostat.engine.kv.BlockShortage;
import io.homeostat.engine.kv.KvBlockPool;
import io.homeostat.engine.kv.PoolStats;
import io.homeostat.engine.kv.SequenceBlocks;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link BatchExecutor} for any {@link DecoderBackend}: admission against the KV floor, prefix cache,
 * chunked prefill, the decode loop and sampling. The backend only runs forward passes.
 *
 * <pre>
 *   evict(eviction target) ─► admit each sequence (allocate blocks or REJECT with reason)
 *        ─► prefill: prompts minus cached prefixes, packed into steps of ≤ maxPrefillTokens
 *        ─► decode: one token per live sequence per step, until max_new (or EOS)
 *        ─► release: full computed blocks enter the prefix cache, the rest are freed
 * </pre>
 *
 * <p>Continuous batching across batches is deliberately not done here: the scheduler upstream decides
 * batch membership (that is the product), so the executor runs exactly the batch it was given.
 */
public final class DecoderExecutor implements BatchExecutor {
    private final DecoderBackend backend;
    private final KvBlockPool pool;
    private final int maxPrefillTokens;
    private final boolean stopAtEos;
    private final StepBatch step = new StepBatch();
    private float[] logits = new float[0];
    private int[] next = new int[0];

    /**
     * @param maxPrefillTokens tokens per prefill forward pass (bounds activation memory)
     * @param stopAtEos        stop a sequence at {@link Tokenizer#EOS} (sensible with trained weights only)
     */
    public DecoderExecutor(DecoderBackend backend, int maxPrefillTokens, boolean stopAtEos) {
        if (maxPrefillTokens < 1) {
            throw new IllegalArgumentException("maxPrefillTokens must be >= 1, got " + maxPrefillTokens);
        }
        this.backend = backend;
        this.pool = new KvBlockPool(backend.kvBlocks(), backend.blockSize());
        this.maxPrefillTokens = maxPrefillTokens;
        this.stopAtEos = stopAtEos;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public String device() {
        return backend.device();
    }

    public ModelConfig config() {
        return backend.config();
    }

    @Override
    public PoolStats poolStats() {
        return pool.stats();
    }

    /** The pool, for tests that check its invariants. */
    KvBlockPool pool() {
        return pool;
    }

    @Override
    public BatchOutcome execute(ExecutionBatch batch) throws ExecutorException {
        int evicted = pool.evict(batch.evictionTargetBlocks());
        List<SequenceRequest> seqs = batch.sequences();
        SequenceResult[] results = new SequenceResult[seqs.size()];
        List<Running> live = new ArrayList<>(seqs.size());
        int seqLen = backend.config().seqLen();
        int peak = 0;
        for (int i = 0; i < seqs.size(); i++) {
            SequenceRequest r = seqs.get(i);
            int capacity = r.prompt().length + r.maxNewTokens();
            if (capacity > seqLen) {
                results[i] = SequenceResult.rejected(r, "prompt " + r.prompt().length + " + max_new_tokens "
                        + r.maxNewTokens() + " exceeds the model's context of " + seqLen + " tokens");
                continue;
            }
            try {
                SequenceBlocks blocks = pool.allocate(r.cacheNamespace(), r.prompt(), capacity,
                        batch.minimumStableBlocks());
                peak += blocks.blockCount();
                live.add(new Running(i, r, blocks));
            } catch (BlockShortage e) {
                results[i] = SequenceResult.rejected(r, "KV cache: " + e.getMessage());
            }
        }
        long prefillTokens = 0;
        long decodeTokens = 0;
        long t0 = System.nanoTime();
        long t1 = t0;
        int steps = 0;
        try {
            prefillTokens = prefill(live);
            t1 = System.nanoTime();
            List<Running> active = new ArrayList<>(live);
            active.removeIf(Running::done);
            while (!active.isEmpty()) {
                decodeStep(active);
                steps++;
                decodeTokens += active.size();
                active.removeIf(Running::done);
            }
            decodeTokens += live.size(); // the first token of each sequence comes out of prefill
        } catch (ExecutorException | RuntimeException e) {
            for (Running r : live) {
                pool.discard(r.blocks);
            }
            if (e instanceof ExecutorException ee) {
                throw ee;
            }
            throw new ExecutorException(backend.name() + " executor failed: " + e, e, true);
        }
        long t2 = System.nanoTime();
        for (Running r : live) {
            int[] all = r.allTokens();
            pool.release(r.blocks, all, all.length - 1); // the last generated token was never fed back
            results[r.index] = new SequenceResult(r.req.requestId(), SequenceResult.Status.OK, null, r.output(),
                    r.req.prompt().length, r.blocks.cachedTokens());
        }
        ExecutionStats stats = new ExecutionStats(prefillTokens, decodeTokens, t1 - t0, t2 - t1, steps, peak, evicted);
        return new BatchOutcome(Arrays.asList(results), stats, pool.stats());
    }

    /** Feeds every prompt (minus its cached prefix) through the model and samples each first token. */
    private long prefill(List<Running> live) throws ExecutorException {
        long computed = 0;
        int i = 0;
        while (i < live.size()) {
            checkInterrupted();
            step.reset(maxBlocks());
            int budget = maxPrefillTokens;
            List<Running> inStep = new ArrayList<>();
            while (i < live.size() && budget > 0) {
                Running r = live.get(i);
                int take = Math.min(budget, r.req.prompt().length - r.fed);
                step.add(r.req.prompt(), r.fed, take, r.fed, r.blocks.table());
                r.fed += take;
                budget -= take;
                computed += take;
                inStep.add(r);
                if (r.fed == r.req.prompt().length) {
                    i++;
                }
            }
            run(inStep, r -> r.fed == r.req.prompt().length);
        }
        return computed;
    }

    private void decodeStep(List<Running> active) throws ExecutorException {
        checkInterrupted();
        step.reset(maxBlocks());
        for (Running r : active) {
            int pos = r.req.prompt().length + r.generated - 1;
            step.add(r.out, r.generated - 1, 1, pos, r.blocks.table());
        }
        run(active, r -> true);
    }

    /** Runs the step; each sequence for which {@code emits} holds takes its next token from the logits. */
    private void run(List<Running> inStep, java.util.function.Predicate<Running> emits) throws ExecutorException {
        int n = step.seqCount();
        int vocab = backend.config().vocabSize();
        if (next.length < n) {
            next = new int[n];
        }
        if (logits.length < (long) n * vocab) {
            logits = new float[n * vocab];
        }
        boolean greedy = inStep.stream().allMatch(r -> r.req.temperature() == 0f);
        if (greedy) {
            backend.forwardArgmax(step, next, logits);
        } else {
            backend.forward(step, logits);
        }
        for (int s = 0; s < n; s++) {
            Running r = inStep.get(s);
            if (!emits.test(r)) {
                continue;
            }
            int token = greedy ? next[s] : r.sample(logits, s * vocab, vocab);
            r.emit(token, stopAtEos);
        }
    }

    private int maxBlocks() {
        return pool.blocksFor(backend.config().seqLen());
    }

    private static void checkInterrupted() throws ExecutorException {
        if (Thread.currentThread().isInterrupted()) {
            throw new ExecutorException("batch interrupted (timeout or shutdown)", true);
        }
    }

    @Override
    public void close() {
        backend.close();
    }

    /** A sequence being generated. */
    private static final class Running {
        final int index;
        final SequenceRequest req;
        final SequenceBlocks blocks;
        final int[] out;
        int generated;
        int fed;
        boolean stopped;
        private SplittableRandom rng;

        Running(int index, SequenceRequest req, SequenceBlocks blocks) {
            this.index = index;
            this.req = req;
            this.blocks = blocks;
            this.out = new int[req.maxNewTokens()];
            this.fed = blocks.cachedTokens();
        }

        void emit(int token, boolean stopAtEos) {
            out[generated++] = token;
            if (stopAtEos && token == Tokenizer.EOS) {
                stopped = true;
            }
        }

        boolean done() {
            return stopped || generated == out.length;
        }

        int sample(float[] logits, int off, int vocab) {
            if (req.temperature() == 0f) {
                return Sampler.argmax(logits, off, vocab);
            }
            if (rng == null) {
                rng = new SplittableRandom(req.seed() ^ req.requestId().hashCode());
            }
            return Sampler.sample(logits, off, vocab, req.temperature(), rng);
        }

        int[] output() {
            return Arrays.copyOf(out, generated);
        }

        int[] allTokens() {
            int[] all = Arrays.copyOf(req.prompt(), req.prompt().length + generated);
            System.arraycopy(out, 0, all, req.prompt().length, generated);
            return all;
        }
    }
}
