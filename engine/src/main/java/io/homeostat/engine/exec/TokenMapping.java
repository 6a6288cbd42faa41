package io.homeostat.engine.exec;

import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Maps a request that carries only token counts (a replayed Azure or Mooncake trace: prompts of thousands
 * of tokens) onto a small model's context, and synthesises its prompt token ids.
 *
 * <p><b>Why.</b> The traces record how much work each request was, not its text, and their sizes (Mooncake
 * prompt p50 6,909 tokens) dwarf a 256-token demo model. Scaling keeps the <em>shape</em> of the load — the
 * ratio of prefill to decode work, which requests are long, which share a prefix — while every request
 * fits. The originals travel with the request ({@code trace_prompt_tokens}, {@code trace_output_tokens}).
 *
 * <p><b>Lengths</b> ({@link #lengths}):
 * <pre>
 *   P = max(1, ceil(trace_prompt × promptScale))        O = max(1, ceil(trace_output × outputScale))
 *   if P + O &gt; seqLen:                                  (clamp; the prompt keeps up to half the context)
 *       O = min(O, seqLen − min(P, seqLen / 2))
 *       P = min(P, seqLen − O)
 * </pre>
 * so {@code P ≥ 1}, {@code O ≥ 1} and {@code P + O ≤ seqLen} always; short requests are scaled exactly,
 * long prompts are truncated (their shared prefix survives truncation), long outputs give way to half the
 * context at most when the prompt needs it.
 *
 * <p><b>Token ids</b> ({@link #promptTokens}): BOS, then a stream of ids in {@code [3, vocab)} cut to
 * {@code P}. With prefix hash ids (Mooncake's {@code hash_ids}, one per 512-token trace block) the stream
 * is {@code tokensPerHashBlock = max(1, round(512 × promptScale))} ids per hash id, derived from that id
 * alone, followed by ids derived from the request id when the hashes run out. Equal leading hash ids
 * therefore give equal leading token blocks, and the content-hash prefix cache hits exactly where the trace
 * says prefixes are shared: with the default scale 1/32 one trace block is 16 tokens, one KV block, so
 * {@code k} shared hash ids are {@code k} cached KV blocks. (Pick the scale so that 512 × scale is a multiple
 * of the KV block size, or hits round down to whole blocks.) Without hash ids every id comes from the request
 * id. Ids come from SplitMix64 on a 64-bit FNV-1a hash, so they are the same on every JVM and run.
 *
 * <p>Pure and immutable: the replay driver calls {@link #lengths}, the worker {@link #promptTokens}.
 */
public final class TokenMapping {
    /** Default scale for prompt and output counts: 512-token trace blocks become 16-token KV blocks. */
    public static final double DEFAULT_SCALE = 1.0 / 32;
    /** Tokens per prefix hash id in the Mooncake trace. */
    public static final int TRACE_BLOCK_TOKENS = 512;
    /** First synthetic id: 0, 1, 2 are unk, BOS and EOS in llama2.c's vocabularies. */
    private static final int FIRST_ID = 3;
    private static final long HASH_SALT = 0x6A09E667F3BCC909L;
    private static final long REQUEST_SALT = 0xBB67AE8584CAA73BL;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int seqLen;
    private final int vocabSize;
    private final double promptScale;
    private final double outputScale;
    private final int tokensPerHashBlock;

    /**
     * @param seqLen      the model's context (prompt + output) in tokens
     * @param vocabSize   the model's vocabulary; at least 4 (BOS plus one synthetic id)
     * @param promptScale factor applied to trace prompt counts, finite and &gt; 0
     * @param outputScale factor applied to trace output counts, finite and &gt; 0
     * @param traceBlockTokens tokens per prefix hash id in the trace ({@link #TRACE_BLOCK_TOKENS})
     */
    public TokenMapping(int seqLen, int vocabSize, double promptScale, double outputScale, int traceBlockTokens) {
        if (seqLen < 2) {
            throw new IllegalArgumentException("token mapping: seqLen must be >= 2, got " + seqLen);
        }
        if (vocabSize <= FIRST_ID) {
            throw new IllegalArgumentException("token mapping: vocabulary must be > " + FIRST_ID + ", got " + vocabSize);
        }
        checkScale("promptScale", promptScale);
        checkScale("outputScale", outputScale);
        if (traceBlockTokens < 1) {
            throw new IllegalArgumentException("token mapping: traceBlockTokens must be >= 1, got " + traceBlockTokens);
        }
        this.seqLen = seqLen;
        this.vocabSize = vocabSize;
        this.promptScale = promptScale;
        this.outputScale = outputScale;
        this.tokensPerHashBlock = (int) Math.max(1, Math.round(traceBlockTokens * promptScale));
    }

    /** The default rule for a model: both scales {@link #DEFAULT_SCALE}, 512-token trace blocks. */
    public static TokenMapping forModel(ModelConfig c) {
        return new TokenMapping(c.seqLen(), c.vocabSize(), DEFAULT_SCALE, DEFAULT_SCALE, TRACE_BLOCK_TOKENS);
    }

    /**
     * Mapped lengths of a trace request, with its original counts.
     *
     * @param promptTokens      P: prompt tokens for the model (BOS included)
     * @param maxNewTokens      O: tokens to generate
     * @param tracePromptTokens the trace's prompt count
     * @param traceOutputTokens the trace's output count
     * @param clamped           whether the context limit cut P or O below the scaled counts
     */
    public record Lengths(int promptTokens, int maxNewTokens, int tracePromptTokens, int traceOutputTokens,
                          boolean clamped) {
    }

    /** A mapped request: its lengths and its prompt token ids ({@code prompt.length == lengths.promptTokens}). */
    public record Mapped(Lengths lengths, int[] prompt) {
    }

    public Lengths lengths(int tracePromptTokens, int traceOutputTokens) {
        if (tracePromptTokens < 0 || traceOutputTokens < 0) {
            throw new IllegalArgumentException("token mapping: trace counts must be >= 0, got prompt "
                    + tracePromptTokens + " output " + traceOutputTokens);
        }
        int p = scaled(tracePromptTokens, promptScale);
        int o = scaled(traceOutputTokens, outputScale);
        boolean clamped = (long) p + o > seqLen;
        if (clamped) {
            o = Math.min(o, seqLen - Math.min(p, seqLen / 2));
            p = Math.min(p, seqLen - o);
        }
        return new Lengths(p, o, tracePromptTokens, traceOutputTokens, clamped);
    }

    /** Lengths and prompt ids in one call; {@code prefixHashes} may be null or empty. */
    public Mapped map(String requestId, int tracePromptTokens, int traceOutputTokens, long[] prefixHashes) {
        Lengths l = lengths(tracePromptTokens, traceOutputTokens);
        return new Mapped(l, promptTokens(requestId, l.promptTokens(), prefixHashes));
    }

    /**
     * Synthesises {@code promptTokens} prompt ids: BOS, then {@link #tokensPerHashBlock()} ids per prefix hash
     * id (from the hash id only), then ids from the request id.
     *
     * @param prefixHashes the trace's prefix block ids, null or empty when it has none
     */
    public int[] promptTokens(String requestId, int promptTokens, long[] prefixHashes) {
        Objects.requireNonNull(requestId, "requestId");
        if (promptTokens < 1) {
            throw new IllegalArgumentException("token mapping: " + requestId + ": prompt tokens must be >= 1, got "
                    + promptTokens);
        }
        int[] ids = new int[promptTokens];
        ids[0] = Tokenizer.BOS;
        int i = 1;
        long[] hashes = prefixHashes == null ? new long[0] : prefixHashes;
        for (int h = 0; h < hashes.length && i < promptTokens; h++) {
            long state = mix(hashes[h] ^ HASH_SALT);
            for (int k = 0; k < tokensPerHashBlock && i < promptTokens; k++) {
                state += GOLDEN;
                ids[i++] = id(state);
            }
        }
        long state = mix(fnv1a(requestId) ^ REQUEST_SALT);
        while (i < promptTokens) {
            state += GOLDEN;
            ids[i++] = id(state);
        }
        return ids;
    }

    /**
     * The prefix-cache namespace for a request: the shared empty namespace when it carries trace prefix hashes
     * (they identify content across agents, as in the trace), else its agent id (null: not cached).
     */
    public static String cacheNamespace(String agentId, boolean hasPrefixHashes) {
        return hasPrefixHashes ? "" : agentId;
    }

    /** Model tokens per trace prefix hash id. */
    public int tokensPerHashBlock() {
        return tokensPerHashBlock;
    }

    private int id(long state) {
        return FIRST_ID + (int) Long.remainderUnsigned(mix(state), vocabSize - FIRST_ID);
    }

    private static int scaled(int count, double scale) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.ceil(count * scale)));
    }

    private static void checkScale(String name, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("token mapping: " + name + " must be finite and > 0, got " + scale);
        }
    }

    private static long fnv1a(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001B3L;
        }
        return h;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
