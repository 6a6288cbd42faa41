package io.homeostat.worker;

import io.homeostat.engine.model.CheckpointFormat;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.model.ModelWeights;
import io.homeostat.engine.model.RandomWeights;
import io.homeostat.engine.tokenizer.BpeTokenizer;
import io.homeostat.engine.tokenizer.ByteTokenizer;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Weights and tokenizer as configured: a llama2.c checkpoint and tokenizer.bin when given, else seeded
 * random weights of the configured shape and the byte-level tokenizer (no download needed).
 *
 * @param weights   the weights
 * @param tokenizer the tokenizer
 * @param trained   true when loaded from a checkpoint (EOS then ends a sequence)
 * @param source    where the weights came from, for logs
 */
public record LoadedModel(ModelWeights weights, Tokenizer tokenizer, boolean trained, String source) {

    public static LoadedModel load(WorkerConfig c) {
        String checkpoint = c.getString(WorkerConfig.MODEL_CHECKPOINT_CONFIG);
        String tokenizerPath = c.getString(WorkerConfig.MODEL_TOKENIZER_CONFIG);
        try {
            ModelWeights w;
            String source;
            if (checkpoint.isBlank()) {
                ModelConfig shape = new ModelConfig(c.getInt(WorkerConfig.MODEL_DIM_CONFIG),
                        c.getInt(WorkerConfig.MODEL_HIDDEN_CONFIG), c.getInt(WorkerConfig.MODEL_LAYERS_CONFIG),
                        c.getInt(WorkerConfig.MODEL_HEADS_CONFIG), c.getInt(WorkerConfig.MODEL_KV_HEADS_CONFIG),
                        c.getInt(WorkerConfig.MODEL_VOCAB_CONFIG), c.getInt(WorkerConfig.MODEL_SEQ_LEN_CONFIG), true);
                long seed = c.getLong(WorkerConfig.MODEL_SEED_CONFIG);
                w = RandomWeights.generate(shape, seed);
                source = "random weights (seed " + seed + ", " + shape.parameterCount() / 1_000_000 + "M parameters)";
            } else {
                w = CheckpointFormat.read(Path.of(checkpoint));
                source = checkpoint;
            }
            Tokenizer t = tokenizerPath.isBlank() ? new ByteTokenizer(w.config().vocabSize())
                    : BpeTokenizer.read(Path.of(tokenizerPath), w.config().vocabSize());
            return new LoadedModel(w, t, !checkpoint.isBlank(), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model: " + e.getMessage(), e);
        }
    }
}
