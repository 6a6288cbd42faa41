package io.homeostat.worker;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.exec.TokenMapping;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.util.List;
import java.util.Map;

/**
 * Builds the sequence to execute from a request. A request with {@code prompt_text} is tokenized (BOS
 * first). A request with only a token count (replayed traces carry no text; the replayer already mapped
 * the counts onto the model's limits) gets deterministic synthetic token ids from {@link TokenMapping}:
 * from its prefix hashes when it has them, so equal leading hashes give equal leading blocks and the
 * prefix cache hits as in the original trace, else from its request id.
 *
 * <p>Sampling is greedy unless the request's attributes say {@code temperature} (and optionally
 * {@code seed}). Limits are not enforced here: a sequence longer than the context comes back REJECTED from
 * the executor with the numbers in the reason.
 */
final class PromptBuilder {
    static final String TEMPERATURE_ATTRIBUTE = "temperature";
    static final String SEED_ATTRIBUTE = "seed";

    private final Tokenizer tokenizer;
    private final TokenMapping mapping;

    PromptBuilder(Tokenizer tokenizer, TokenMapping mapping) {
        this.tokenizer = tokenizer;
        this.mapping = mapping;
    }

    SequenceRequest build(InferenceRequest r) {
        List<Long> hashList = r.getPrefixHashes();
        long[] hashes = new long[hashList.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = hashList.get(i);
        }
        int[] prompt = r.getPromptText() != null && !r.getPromptText().isEmpty()
                ? tokenizer.encode(r.getPromptText(), true)
                : mapping.promptTokens(r.getRequestId(), Math.max(1, r.getPromptTokens()), hashes);
        Map<String, String> attrs = r.getAttributes();
        float temperature = parse(attrs.get(TEMPERATURE_ATTRIBUTE), 0f);
        long seed = (long) parse(attrs.get(SEED_ATTRIBUTE), 0f);
        return new SequenceRequest(r.getRequestId(), prompt, Math.max(1, r.getMaxNewTokens()), temperature, seed,
                TokenMapping.cacheNamespace(r.getAgentId(), hashes.length > 0));
    }

    private static float parse(String s, float def) {
        if (s == null) {
            return def;
        }
        try {
            float v = Float.parseFloat(s);
            return Float.isFinite(v) && v >= 0 ? v : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
