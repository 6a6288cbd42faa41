package io.homeostat.worker;

import io.homeostat.engine.cuda.ExecutorKind;
import java.util.Map;
import io.homeostat.config.CommonConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The worker's settings, each declared once with type, default, validation and doc (the pattern of
 * Kafka's {@code StreamsConfig}), on top of the {@link CommonConfig} keys (Kafka, registry, topics).
 */
public final class WorkerConfig extends CommonConfig {
    public static final String GROUP = "Worker";
    public static final String WORKER_ID_CONFIG = "worker.id";
    private static final String WORKER_ID_DOC = "Stable id of this worker instance; its transactional.id is derived from it, so a "
            + "restarted worker fences its previous incarnation. Empty: the host name.";
    public static final String EXECUTOR_CONFIG = "executor";
    private static final String EXECUTOR_DOC = "auto: CUDA when libcuda and a device are present, else CPU (logged once); cpu; "
            + "cuda: fail at start when CUDA is unusable.";
    public static final String MODEL_CHECKPOINT_CONFIG = "model.checkpoint";
    private static final String MODEL_CHECKPOINT_DOC = "llama2.c checkpoint to load; empty: seeded random weights of the model.* shape.";
    public static final String MODEL_TOKENIZER_CONFIG = "model.tokenizer";
    private static final String MODEL_TOKENIZER_DOC = "llama2.c tokenizer.bin for prompt_text and output_text; empty: byte-level tokenizer.";
    public static final String MODEL_SEED_CONFIG = "model.seed";
    private static final String MODEL_SEED_DOC = "Seed of the random weights (when no checkpoint is given).";
    public static final String MODEL_DIM_CONFIG = "model.dim";
    public static final String MODEL_HIDDEN_CONFIG = "model.hidden.dim";
    public static final String MODEL_LAYERS_CONFIG = "model.layers";
    public static final String MODEL_HEADS_CONFIG = "model.heads";
    public static final String MODEL_KV_HEADS_CONFIG = "model.kv.heads";
    public static final String MODEL_VOCAB_CONFIG = "model.vocab.size";
    public static final String MODEL_SEQ_LEN_CONFIG = "model.seq.len";
    public static final String KV_BLOCKS_CONFIG = "kv.blocks";
    private static final String KV_BLOCKS_DOC = "KV-cache blocks of the CPU executor's pool (host memory: 221 KB per block for the 15M shape).";
    public static final String CUDA_KV_BLOCKS_CONFIG = "cuda.kv.blocks";
    private static final String CUDA_KV_BLOCKS_DOC = "KV-cache blocks of the CUDA executor's pool (device memory).";
    public static final String KV_BLOCK_SIZE_CONFIG = "kv.block.size";
    private static final String KV_BLOCK_SIZE_DOC = "Tokens per KV block. The scheduler must account blocks with the same size.";
    public static final String CPU_THREADS_CONFIG = "cpu.threads";
    private static final String CPU_THREADS_DOC = "Compute threads of the CPU executor; 0: one per available processor.";
    public static final String MAX_STEP_TOKENS_CONFIG = "max.step.tokens";
    private static final String MAX_STEP_TOKENS_DOC = "Tokens per forward pass (prefill chunk); also the largest batch the CUDA executor accepts.";
    public static final String CUDA_DEVICE_CONFIG = "cuda.device";
    private static final String CUDA_DEVICE_DOC = "CUDA device ordinal.";
    public static final String MAX_ATTEMPTS_CONFIG = "worker.max.attempts";
    private static final String MAX_ATTEMPTS_DOC = "Executor attempts per batch before its requests are answered FAILED.";
    public static final String RETRY_BACKOFF_MS_CONFIG = "worker.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Backoff before the first retry; doubles each attempt.";
    public static final String BATCH_TIMEOUT_MS_CONFIG = "worker.batch.timeout.ms";
    private static final String BATCH_TIMEOUT_MS_DOC = "An attempt running longer is interrupted and counts as failed.";
    public static final String METRICS_INTERVAL_MS_CONFIG = "worker.metrics.interval.ms";
    private static final String METRICS_INTERVAL_MS_DOC = "Interval of WorkerMetrics records on the worker-metrics topic.";

    public static final String GROUP_ID_CONFIG = "worker.group.id";
    private static final String GROUP_ID_DOC = "Consumer group of the workers on the batches topic (one partition = one pool = one worker).";

    /** Adds the worker's keys to {@code def}. */
    public static ConfigDef defineWorker(ConfigDef def) {
        int order = 0;
        return def
            .define(WORKER_ID_CONFIG, Type.STRING, "", Importance.HIGH, WORKER_ID_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, WORKER_ID_CONFIG)
            .define(EXECUTOR_CONFIG, Type.STRING, "auto", ConfigDef.ValidString.in("auto", "cpu", "cuda"), Importance.HIGH, EXECUTOR_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, EXECUTOR_CONFIG)
            .define(MODEL_CHECKPOINT_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_CHECKPOINT_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_CHECKPOINT_CONFIG)
            .define(MODEL_TOKENIZER_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_TOKENIZER_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_TOKENIZER_CONFIG)
            .define(MODEL_SEED_CONFIG, Type.LONG, 42L, Importance.LOW, MODEL_SEED_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_SEED_CONFIG)
            .define(MODEL_DIM_CONFIG, Type.INT, 288, Range.atLeast(2), Importance.LOW, "Model width of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_DIM_CONFIG)
            .define(MODEL_HIDDEN_CONFIG, Type.INT, 768, Range.atLeast(1), Importance.LOW, "SwiGLU hidden width of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_HIDDEN_CONFIG)
            .define(MODEL_LAYERS_CONFIG, Type.INT, 6, Range.atLeast(1), Importance.LOW, "Layers of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_LAYERS_CONFIG)
            .define(MODEL_HEADS_CONFIG, Type.INT, 6, Range.atLeast(1), Importance.LOW, "Query heads of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_HEADS_CONFIG)
            .define(MODEL_KV_HEADS_CONFIG, Type.INT, 6, Range.atLeast(1), Importance.LOW, "Key/value heads of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_KV_HEADS_CONFIG)
            .define(MODEL_VOCAB_CONFIG, Type.INT, 32000, Range.atLeast(259), Importance.LOW, "Vocabulary of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_VOCAB_CONFIG)
            .define(MODEL_SEQ_LEN_CONFIG, Type.INT, 256, Range.atLeast(2), Importance.LOW, "Context length of the random weights.", GROUP, ++order, ConfigDef.Width.MEDIUM, MODEL_SEQ_LEN_CONFIG)
            .define(KV_BLOCKS_CONFIG, Type.INT, 1024, Range.atLeast(1), Importance.MEDIUM, KV_BLOCKS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, KV_BLOCKS_CONFIG)
            .define(CUDA_KV_BLOCKS_CONFIG, Type.INT, 16384, Range.atLeast(1), Importance.MEDIUM, CUDA_KV_BLOCKS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, CUDA_KV_BLOCKS_CONFIG)
            .define(KV_BLOCK_SIZE_CONFIG, Type.INT, 16, Range.between(1, 1024), Importance.LOW, KV_BLOCK_SIZE_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, KV_BLOCK_SIZE_CONFIG)
            .define(CPU_THREADS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW, CPU_THREADS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, CPU_THREADS_CONFIG)
            .define(MAX_STEP_TOKENS_CONFIG, Type.INT, 2048, Range.atLeast(1), Importance.LOW, MAX_STEP_TOKENS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, MAX_STEP_TOKENS_CONFIG)
            .define(CUDA_DEVICE_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW, CUDA_DEVICE_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, CUDA_DEVICE_CONFIG)
            .define(MAX_ATTEMPTS_CONFIG, Type.INT, 3, Range.between(1, 100), Importance.MEDIUM, MAX_ATTEMPTS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, MAX_ATTEMPTS_CONFIG)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, RETRY_BACKOFF_MS_CONFIG)
            .define(BATCH_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM, BATCH_TIMEOUT_MS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, BATCH_TIMEOUT_MS_CONFIG)
            .define(METRICS_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW, METRICS_INTERVAL_MS_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, METRICS_INTERVAL_MS_CONFIG)
            .define(GROUP_ID_CONFIG, Type.STRING, "homeostat-worker", new ConfigDef.NonEmptyString(), Importance.MEDIUM, GROUP_ID_DOC, GROUP, ++order, ConfigDef.Width.MEDIUM, GROUP_ID_CONFIG);
    }

    /** The common keys and the worker's. */
    public static ConfigDef definition() {
        return defineWorker(CommonConfig.define(new ConfigDef()));
    }

    public WorkerConfig(Map<?, ?> props) {
        super(definition(), props);
        if (getInt(MODEL_HEADS_CONFIG) % getInt(MODEL_KV_HEADS_CONFIG) != 0) {
            throw new ConfigException(MODEL_KV_HEADS_CONFIG, getInt(MODEL_KV_HEADS_CONFIG),
                    "must divide " + MODEL_HEADS_CONFIG + " (" + getInt(MODEL_HEADS_CONFIG) + ")");
        }
    }

    public String workerId() {
        String id = getString(WORKER_ID_CONFIG);
        if (!id.isBlank()) {
            return id;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        return host;
    }

    public ExecutorKind executorKind() {
        return ExecutorKind.parse(getString(EXECUTOR_CONFIG));
    }

    public int cpuThreads() {
        int t = getInt(CPU_THREADS_CONFIG);
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }
}
