package io.homeostat.bench.engine;

import io.homeostat.engine.cpu.CpuExecutors;
import io.homeostat.engine.cpu.Kernels;
import io.homeostat.engine.cpu.MatrixKernels;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.ExecutionStats;
import io.homeostat.engine.exec.ExecutorException;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.exec.SequenceResult;
import io.homeostat.engine.model.CheckpointFormat;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Tokens per second of the CPU executor the worker runs ({@link CpuExecutors#create}, the kernels
 * {@code Kernels.best()} picks), prefill and decode measured apart from the executor's own
 * {@link ExecutionStats}, at batch 1, 8 and 32.
 *
 * <pre>
 *   weights (RandomWeights 15M shape, or a llama2.c checkpoint) ─► DecoderExecutor(CpuBackend, T threads)
 *   for B in 1, 8, 32:  warm-up batch, then R batches of B sequences (prompt P random ids, N new tokens, greedy)
 *        prefill tok/s = prefill tokens / prefill time      (all B prompts packed into one forward pass per chunk)
 *        decode  tok/s = B·N tokens  / decode time          (one forward pass per step for all B sequences)
 * </pre>
 *
 * The last row repeats batch 1 with llama2.c {@code run.c}'s default generation (BOS, then 255 tokens:
 * positions 1..255 of the 256 context), the figure to set beside run.c's "achieved tok/s".
 *
 * <p>{@code java [--add-modules jdk.incubator.vector] -cp "$CP" io.homeostat.bench.engine.EngineThroughput
 * [--threads T] [--reps R] [--prompt P] [--new N] [--batches 1,8,32] [--checkpoint FILE] [--ab ROUNDS]}; {@code --write-llama2c DIR}
 * writes the default weights and a tokenizer for llama2.c's {@code run} and exits.
 */
public final class EngineThroughput {
    private EngineThroughput() {
    }

    public static void main(String[] args) throws IOException, ExecutorException {
        int threads = Runtime.getRuntime().availableProcessors();
        int reps = 3;
        int prompt = 128;
        int fresh = 128;
        int[] batches = {1, 8, 32};
        Path checkpoint = null;
        int ab = 0;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--prompt" -> prompt = Integer.parseInt(v);
                case "--new" -> fresh = Integer.parseInt(v);
                case "--batches" -> batches = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--checkpoint" -> checkpoint = Path.of(v);
                case "--ab" -> ab = Integer.parseInt(v);
                case "--write-llama2c" -> {
                    writeLlama2c(Path.of(v));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ModelWeights w = checkpoint == null ? RandomWeights.generate(ModelConfig.stories15M(), 1) : CheckpointFormat.read(checkpoint);
        ModelConfig c = w.config();
        int maxBatch = Arrays.stream(batches).max().orElse(1);
        int blocks = maxBatch * ((c.seqLen() + 15) / 16) + 16;
        if (ab > 0) {
            abRounds(w, blocks, threads, batches, prompt, fresh, reps, ab);
            return;
        }
        try (DecoderExecutor ex = CpuExecutors.create(w, blocks, 16, threads, 2048, false)) {
            System.out.printf(Locale.ROOT, "model %s; executor %s; %d threads; java %s; %d reps per row (median)%n",
                checkpoint == null ? "RandomWeights 15M (dim 288, hidden 768, 6 layers, 6 heads, vocab 32000, seq 256)"
                    : checkpoint + " " + c, ex.device(), threads, System.getProperty("java.version"), reps);
            System.out.printf(Locale.ROOT, "%-7s %-8s %-6s %14s %14s %12s%n", "batch", "prompt", "new", "prefill tok/s",
                "decode tok/s", "batch ms");
            for (int b : batches) {
                row(ex, c, b, prompt, fresh, reps);
            }
            if (prompt != 1 || fresh != c.seqLen() - 1) {
                row(ex, c, 1, 1, c.seqLen() - 1, reps);
            }
        }
    }

    /**
     * {@code --ab R}: R interleaved rounds (the order alternating) of the executor with the kernels' prepared
     * weight layout ("prepared") and with the row-major weights ({@link RowMajorKernels}, "row-major"), so both
     * see the same machine load.
     */
    private static void abRounds(ModelWeights w, int blocks, int threads, int[] batches, int prompt, int fresh,
                                 int reps, int rounds) throws ExecutorException {
        ModelConfig c = w.config();
        MatrixKernels best = Kernels.best();
        try (DecoderExecutor prepared = CpuExecutors.create(w, blocks, 16, threads, 2048, false, best);
             DecoderExecutor rowMajor = CpuExecutors.create(w, blocks, 16, threads, 2048, false,
                 new RowMajorKernels(best))) {
            System.out.printf(Locale.ROOT, "A/B %s vs %s; %d threads; java %s; %d reps per row (median)%n",
                prepared.device(), rowMajor.device(), threads, System.getProperty("java.version"), reps);
            System.out.printf(Locale.ROOT, "%-6s %-10s %-7s %-8s %-6s %14s %14s %12s%n", "round", "weights", "batch",
                "prompt", "new", "prefill tok/s", "decode tok/s", "batch ms");
            for (int r = 0; r < rounds; r++) {
                DecoderExecutor[] order = r % 2 == 0 ? new DecoderExecutor[] {prepared, rowMajor}
                    : new DecoderExecutor[] {rowMajor, prepared};
                for (DecoderExecutor ex : order) {
                    String label = ex == prepared ? "prepared" : "row-major";
                    for (int b : batches) {
                        System.out.printf(Locale.ROOT, "%-6d %-10s ", r, label);
                        row(ex, c, b, prompt, fresh, reps);
                    }
                    System.out.printf(Locale.ROOT, "%-6d %-10s ", r, label);
                    row(ex, c, 1, 1, c.seqLen() - 1, reps);
                }
            }
        }
    }

    /**
     * Writes the default weights as {@code DIR/model.bin} ({@link CheckpointFormat#write}) and a
     * 32,000-token {@code DIR/tokenizer.bin} (llama2.c's layout: specials, the 256 byte pieces, then
     * synthetic pieces), so llama2.c's {@code run} can execute the very model this benchmark measures.
     */
    static void writeLlama2c(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ModelConfig c = ModelConfig.stories15M();
        CheckpointFormat.write(RandomWeights.generate(c, 1), dir.resolve("model.bin"));
        String[] vocab = new String[c.vocabSize()];
        float[] scores = new float[c.vocabSize()];
        vocab[0] = "<unk>";
        vocab[1] = "\n<s>\n";
        vocab[2] = "\n</s>\n";
        for (int b = 0; b < 256; b++) {
            vocab[3 + b] = String.format(Locale.ROOT, "<0x%02X>", b);
        }
        for (int i = 259; i < vocab.length; i++) {
            vocab[i] = " t" + i;
            scores[i] = -i;
        }
        new io.homeostat.engine.tokenizer.BpeTokenizer(vocab, scores).write(dir.resolve("tokenizer.bin"));
        System.out.println("wrote " + dir.resolve("model.bin") + " and " + dir.resolve("tokenizer.bin") + " (" + c + ")");
    }

    private static int serial;

    private static void row(DecoderExecutor ex, ModelConfig c, int batch, int prompt, int fresh, int reps)
            throws ExecutorException {
        run(ex, c, batch, prompt, fresh); // warm-up (JIT, buffers)
        double[] pre = new double[reps];
        double[] dec = new double[reps];
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            ExecutionStats s = run(ex, c, batch, prompt, fresh);
            pre[r] = s.prefillTokens() / (s.prefillNanos() / 1e9);
            dec[r] = s.decodeTokens() / (s.decodeNanos() / 1e9);
            ms[r] = s.totalNanos() / 1e6;
        }
        System.out.printf(Locale.ROOT, "%-7d %-8d %-6d %14.0f %14.0f %12.1f%n", batch, prompt, fresh, median(pre),
            median(dec), median(ms));
    }

    private static ExecutionStats run(DecoderExecutor ex, ModelConfig c, int batch, int prompt, int fresh)
            throws ExecutorException {
        SplittableRandom rnd = new SplittableRandom(serial);
        List<SequenceRequest> seqs = new ArrayList<>(batch);
        for (int s = 0; s < batch; s++) {
            int[] ids = new int[prompt];
            ids[0] = 1; // BOS
            for (int k = 1; k < prompt; k++) {
                ids[k] = 3 + rnd.nextInt(c.vocabSize() - 3);
            }
            seqs.add(SequenceRequest.greedy("bench-" + serial++, ids, fresh));
        }
        BatchOutcome out = ex.execute(ExecutionBatch.of("bench", seqs));
        for (SequenceResult r : out.results()) {
            if (r.status() != SequenceResult.Status.OK || r.output().length != fresh) {
                throw new IllegalStateException("sequence " + r.requestId() + " did not run fully: " + r.status() + " "
                    + r.reason() + ", " + r.output().length + " tokens");
            }
        }
        return out.stats();
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
