package io.homeostat.engine.cuda;

import io.homeostat.engine.cpu.CpuExecutors;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.DecoderExecutor;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.ExecutionStats;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.model.CheckpointFormat;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prefill and decode tokens/s of one executor on the 15M shape, at several batch sizes, printed as a table
 * and written as JSON for {@code scripts/compare_bench.py}. The same checkpoint and prompts are written
 * for {@code scripts/torch_reference.py}, so PyTorch runs the identical model on identical inputs.
 *
 * <pre>
 *   java ... io.homeostat.engine.cuda.ThroughputBench --executor cuda --dir DIR [--batches 1,8,32,64]
 *        [--prompt 128] [--gen 128] [--reps 5]
 * </pre>
 *
 * Per batch size: one warm-up batch, then {@code reps} timed batches; the median of each phase is
 * reported. Prefill tok/s = B·prompt / prefill time; decode tok/s = B·(gen − 1) / decode time (the first
 * generated token comes out of the prefill pass).
 */
public final class ThroughputBench {
    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        String executor = arg(args, "--executor", "cuda");
        Path dir = Path.of(arg(args, "--dir", "target/bench"));
        int[] batches = Arrays.stream(arg(args, "--batches", "1,8,32,64").split(",")).mapToInt(Integer::parseInt).toArray();
        int promptLen = Integer.parseInt(arg(args, "--prompt", "128"));
        int gen = Integer.parseInt(arg(args, "--gen", "128"));
        int reps = Integer.parseInt(arg(args, "--reps", "5"));
        int threads = Integer.parseInt(arg(args, "--threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Files.createDirectories(dir);
        ModelConfig shape = ModelConfig.stories15M();
        ModelWeights weights = RandomWeights.generate(shape, 42);
        Path checkpoint = dir.resolve("model.bin");
        if (!Files.exists(checkpoint)) {
            CheckpointFormat.write(weights, checkpoint);
        }
        int maxBatch = Arrays.stream(batches).max().orElse(1);
        int[][] prompts = new int[maxBatch][promptLen];
        SplittableRandom r = new SplittableRandom(7);
        for (int[] p : prompts) {
            p[0] = 1;
            for (int i = 1; i < p.length; i++) {
                p[i] = 3 + r.nextInt(shape.vocabSize() - 3);
            }
        }
        Files.writeString(dir.resolve("prompts.json"), json(prompts));
        int blocks = maxBatch * shape.seqLen() / 16 + 16;
        int stepTokens = Math.max(maxBatch, Math.min(maxBatch * promptLen, 8192));
        StringBuilder out = new StringBuilder("{\"executor\":\"" + executor + "\",\"prompt\":" + promptLen + ",\"gen\":" + gen
                + ",\"results\":[");
        try (DecoderExecutor e = executor.equals("cuda")
                ? CudaExecutors.create(weights, blocks, 16, stepTokens, 0, false)
                : CpuExecutors.create(weights, blocks, 16, threads, stepTokens, false)) {
            System.out.printf("%s executor on %s; 15M shape; prompt %d, generate %d; median of %d%n", executor, e.device(),
                    promptLen, gen, reps);
            System.out.printf("%6s %16s %16s %12s%n", "batch", "prefill tok/s", "decode tok/s", "batch ms");
            for (int bi = 0; bi < batches.length; bi++) {
                int b = batches[bi];
                List<SequenceRequest> seqs = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    seqs.add(SequenceRequest.greedy("s" + i, prompts[i], gen));
                }
                ExecutionBatch batch = ExecutionBatch.of("bench-" + b, seqs);
                BatchOutcome first = e.execute(batch);
                long[] prefill = new long[reps];
                long[] decode = new long[reps];
                for (int k = 0; k < reps; k++) {
                    ExecutionStats s = e.execute(batch).stats();
                    prefill[k] = s.prefillNanos();
                    decode[k] = s.decodeNanos();
                }
                Arrays.sort(prefill);
                Arrays.sort(decode);
                double pf = b * (double) promptLen / (prefill[reps / 2] / 1e9);
                double dc = b * (double) (gen - 1) / (decode[reps / 2] / 1e9);
                System.out.printf(Locale.ROOT, "%6d %16.0f %16.0f %12.2f%n", b, pf, dc, (prefill[reps / 2] + decode[reps / 2]) / 1e6);
                out.append(bi == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"batch\":%d,\"prefill_tok_s\":%.1f,\"decode_tok_s\":%.1f,\"first_tokens\":%s}", b, pf, dc,
                        Arrays.toString(first.results().get(0).output()).replace(" ", "")));
            }
        }
        out.append("],\"device\":\"").append(executor).append("\"}");
        Files.writeString(dir.resolve(executor + ".json"), out.toString());
    }

    private static String json(int[][] prompts) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < prompts.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Arrays.toString(prompts[i]).replace(" ", ""));
        }
        return sb.append("]").toString();
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
