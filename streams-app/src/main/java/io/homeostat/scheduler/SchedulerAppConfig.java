package io.homeostat.scheduler;

import io.homeostat.config.CommonConfig;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The scheduler's settings: the {@link CommonConfig} keys (Kafka, registry, topics), the
 * scheduler application's own (policy, tick, metrics, validation limits), the Kafka Streams
 * settings it chooses defaults for (exactly-once, state directory, commit interval, poll
 * time), and every key of the scheduling core ({@link SchedulerConfig#allKeys()}, bridged by
 * {@link CoreKeysDef}). One {@link ConfigDef}; the README's scheduler table is generated from it.
 */
public final class SchedulerAppConfig extends CommonConfig {
    public static final String GROUP = "Scheduler";
    public static final String STREAMS_GROUP = "Scheduler: Kafka Streams";
    public static final String CORE_GROUP = "Scheduler: scheduling core (per pool)";

    public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String INSTANCE_ID_CONFIG = "scheduler.instance.id";
    public static final String POLICY_CONFIG = "scheduler.policy";
    public static final String TICK_MS_CONFIG = "scheduler.tick.ms";
    public static final String METRICS_INTERVAL_MS_CONFIG = "scheduler.metrics.interval.ms";
    public static final String COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG = "scheduler.commit.on.cut.min.interval.ms";
    public static final String COMMIT_ON_CUT_GUARD_MS_CONFIG = "scheduler.commit.on.cut.guard.ms";
    public static final String METRICS_PORT_CONFIG = "scheduler.metrics.port";
    public static final String POOLS_CONFIG = "scheduler.pools";
    public static final String MAX_PROMPT_TOKENS_CONFIG = "scheduler.max.prompt.tokens";
    public static final String MAX_NEW_TOKENS_CONFIG = "scheduler.max.new.tokens";
    public static final String MAX_PAYLOAD_BYTES_CONFIG = "scheduler.max.payload.bytes";
    public static final String MAX_FUTURE_SKEW_MS_CONFIG = "scheduler.max.future.skew.ms";

    public static final String PROCESSING_GUARANTEE_CONFIG = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    public static final String NUM_STANDBY_REPLICAS_CONFIG = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    public static final String NUM_STREAM_THREADS_CONFIG = StreamsConfig.NUM_STREAM_THREADS_CONFIG;
    public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;
    public static final String COMMIT_INTERVAL_MS_CONFIG = StreamsConfig.COMMIT_INTERVAL_MS_CONFIG;
    public static final String POLL_MS_CONFIG = StreamsConfig.POLL_MS_CONFIG;

    public static final String EXACTLY_ONCE_V2 = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String AT_LEAST_ONCE = StreamsConfig.AT_LEAST_ONCE;

    /** Largest Batch record the scheduler writes (the batches topic's max.message.bytes). */
    static final int MAX_BATCH_BYTES = 8_388_608;
    /** The Streams producer's retry.backoff.ms (Kafka's default 100; see {@link #streamsProperties()}). */
    static final int PRODUCER_RETRY_BACKOFF_MS = 5;

    /** Adds the scheduler's keys (not the common ones) to {@code def}. */
    public static ConfigDef defineScheduler(ConfigDef def) {
        int o = 0;
        def.define(APPLICATION_ID_CONFIG, Type.STRING, "homeostat-scheduler", new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, "Kafka Streams application id: the consumer group, the prefix of the state stores' "
                    + "changelog topics and of the transactional ids. Instances with the same id share the pools.",
                GROUP, ++o, Width.MEDIUM, APPLICATION_ID_CONFIG)
            .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.MEDIUM,
                "Static group membership (Kafka's group.instance.id, per stream thread): a restarted instance with the "
                    + "same id takes its pools back at once instead of after the session timeout. Empty: dynamic membership.",
                GROUP, ++o, Width.MEDIUM, INSTANCE_ID_CONFIG)
            .define(POLICY_CONFIG, Type.STRING, "entropy", ConfigDef.ValidString.in(BatchPolicies.names().toArray(String[]::new)),
                Importance.HIGH, "Batch policy of every pool: entropy (w = w_base exp(-H/tau)), fixed (constant window), "
                    + "triton (preferred sizes + max queue delay), aimd (Clipper's AIMD cap against an SLO).",
                GROUP, ++o, Width.SHORT, POLICY_CONFIG)
            .define(TICK_MS_CONFIG, Type.LONG, 1L, Range.between(1, 1000), Importance.MEDIUM,
                "Interval of the wall-clock punctuator that asks the policy whether to cut, ms. Cut decisions use the "
                    + "recorded arrival times, so a late tick cuts late but never loses a deadline.",
                GROUP, ++o, Width.SHORT, TICK_MS_CONFIG)
            .define(COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG, Type.LONG, 0L, Range.between(0, 60_000), Importance.MEDIUM,
                "After a tick that cut a batch (on that tick or in between), ask Kafka Streams to commit at once, at most "
                    + "once per this many ms per task: under exactly_once_v2 a batch is visible to workers only when its "
                    + "transaction commits, so this takes the wait for the next commit.interval.ms off its latency. "
                    + "0 = never ask (commit every commit.interval.ms only). commit.interval.ms stays the upper bound.",
                GROUP, ++o, Width.SHORT, COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG)
            .define(COMMIT_ON_CUT_GUARD_MS_CONFIG, Type.LONG, 3L, Range.between(0, 1000), Importance.LOW,
                "The commit asked for after a cut blocks the stream thread (no tick runs during it), so it is asked for "
                    + "only when no pool of the thread needs a cut decision within this many ms; otherwise a later tick "
                    + "asks, or the commit.interval.ms commit comes first.",
                GROUP, ++o, Width.SHORT, COMMIT_ON_CUT_GUARD_MS_CONFIG)
            .define(METRICS_INTERVAL_MS_CONFIG, Type.LONG, 1000L, Range.between(10, 3_600_000), Importance.MEDIUM,
                "Interval of the StabilityMetrics records (one per pool) on the metrics topic, ms.",
                GROUP, ++o, Width.SHORT, METRICS_INTERVAL_MS_CONFIG)
            .define(METRICS_PORT_CONFIG, Type.INT, 0, Range.between(-1, 65535), Importance.MEDIUM,
                "Port of the Prometheus endpoint (GET /metrics): 0 = any free port (logged), -1 = off.",
                GROUP, ++o, Width.SHORT, METRICS_PORT_CONFIG)
            .define(POOLS_CONFIG, Type.LIST, "", Importance.MEDIUM,
                "Pools accepted (comma-separated); a request for another pool is dead-lettered. Empty: any pool.",
                GROUP, ++o, Width.MEDIUM, POOLS_CONFIG)
            .define(MAX_PROMPT_TOKENS_CONFIG, Type.INT, 32_768, Range.atLeast(1), Importance.MEDIUM,
                "Largest prompt_tokens accepted; larger requests are dead-lettered (VALIDATE).",
                GROUP, ++o, Width.SHORT, MAX_PROMPT_TOKENS_CONFIG)
            .define(MAX_NEW_TOKENS_CONFIG, Type.INT, 8_192, Range.atLeast(1), Importance.MEDIUM,
                "Largest max_new_tokens accepted; larger requests are dead-lettered (VALIDATE).",
                GROUP, ++o, Width.SHORT, MAX_NEW_TOKENS_CONFIG)
            .define(MAX_PAYLOAD_BYTES_CONFIG, Type.INT, 1_048_576, Range.between(64, MAX_BATCH_BYTES), Importance.MEDIUM,
                "Largest serialized request accepted, bytes; larger requests are dead-lettered (VALIDATE).",
                GROUP, ++o, Width.SHORT, MAX_PAYLOAD_BYTES_CONFIG)
            .define(MAX_FUTURE_SKEW_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                "How far client_timestamp_us may be ahead of the scheduler's clock before the request is dead-lettered, ms.",
                GROUP, ++o, Width.SHORT, MAX_FUTURE_SKEW_MS_CONFIG);
        int s = 0;
        def.define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, EXACTLY_ONCE_V2, ConfigDef.ValidString.in(EXACTLY_ONCE_V2, AT_LEAST_ONCE),
                Importance.HIGH, "exactly_once_v2: batches, results, metrics, state and input offsets commit in one "
                    + "transaction (nothing lost or duplicated across crashes); at_least_once: lower latency, a crash "
                    + "may repeat a request in a second batch.",
                STREAMS_GROUP, ++s, Width.SHORT, PROCESSING_GUARANTEE_CONFIG)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 20L, Range.atLeast(1), Importance.MEDIUM,
                "Kafka Streams commit interval, ms. Under exactly_once_v2 a batch is visible to workers only when its "
                    + "transaction commits, so this adds up to its value to every batch's latency (see docs/scheduler.md).",
                STREAMS_GROUP, ++s, Width.SHORT, COMMIT_INTERVAL_MS_CONFIG)
            .define(POLL_MS_CONFIG, Type.LONG, 1L, Range.atLeast(1), Importance.MEDIUM,
                "Kafka Streams poll.ms: how long an idle stream thread blocks in poll. Wall-clock punctuators run only "
                    + "between polls, so this bounds how late an idle tick runs (Streams' default 100 ms would delay cuts by up to 100 ms).",
                STREAMS_GROUP, ++s, Width.SHORT, POLL_MS_CONFIG)
            .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                "Standby replicas of the scheduler's state stores on other instances (faster fail-over).",
                STREAMS_GROUP, ++s, Width.SHORT, NUM_STANDBY_REPLICAS_CONFIG)
            .define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                "Stream threads of this instance (each owns some pools' partitions).",
                STREAMS_GROUP, ++s, Width.SHORT, NUM_STREAM_THREADS_CONFIG)
            .define(STATE_DIR_CONFIG, Type.STRING, "~/.homeostat/state", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                "Directory of the RocksDB state stores (a leading ~ is the user's home). Keep it off /tmp: a cleaned /tmp "
                    + "forces a full restore from the changelogs.",
                STREAMS_GROUP, ++s, Width.LONG, STATE_DIR_CONFIG);
        return CoreKeysDef.define(def, SchedulerConfig.allKeys(), CORE_GROUP);
    }

    /** The common keys and the scheduler's. */
    public static ConfigDef definition() {
        return defineScheduler(CommonConfig.define(new ConfigDef()));
    }

    private final Map<String, String> coreSettings;

    public SchedulerAppConfig(Map<?, ?> props) {
        super(definition(), props);
        Map<String, String> core = new LinkedHashMap<>();
        for (var key : SchedulerConfig.allKeys()) {
            core.put(key.name(), CoreKeysDef.text(get(key.name())));
        }
        this.coreSettings = Map.copyOf(core);
        try { // cross-key rules of the core (e.g. window.min.ms <= window.base.ms) fail here, at start-up
            SchedulerConfig.from(coreSettings);
            BatchPolicies.create(policy(), coreSettings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Every core key with its value, as the core reads them ({@code SchedulerConfig.from}, {@code BatchPolicies.create}). */
    public Map<String, String> coreSettings() {
        return coreSettings;
    }

    public SchedulerConfig schedulerConfig() {
        return SchedulerConfig.from(coreSettings);
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public String policy() {
        return getString(POLICY_CONFIG);
    }

    public long tickMs() {
        return getLong(TICK_MS_CONFIG);
    }

    /** {@value #COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG}; 0 = off. */
    public long commitOnCutMinIntervalMs() {
        return getLong(COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG);
    }

    /** {@value #COMMIT_ON_CUT_GUARD_MS_CONFIG}. */
    public long commitOnCutGuardMs() {
        return getLong(COMMIT_ON_CUT_GUARD_MS_CONFIG);
    }

    public long metricsIntervalMs() {
        return getLong(METRICS_INTERVAL_MS_CONFIG);
    }

    public int metricsPort() {
        return getInt(METRICS_PORT_CONFIG);
    }

    public boolean exactlyOnce() {
        return EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE_CONFIG));
    }

    /** KV-block size the core accounts requests with (must equal the worker's kv.block.size). */
    public int blockSizeTokens() {
        return schedulerConfig().controller().blockSizeTokens();
    }

    /** {@code state.dir} with a leading {@code ~} expanded. */
    public Path stateDir() {
        String dir = getString(STATE_DIR_CONFIG).trim();
        if (dir.equals("~") || dir.startsWith("~/")) {
            dir = System.getProperty("user.home") + dir.substring(1);
        }
        return Path.of(dir);
    }

    public RequestValidator validator() {
        List<String> pools = getList(POOLS_CONFIG);
        Set<String> accepted = new HashSet<>();
        for (String p : pools) {
            if (!p.isBlank()) {
                accepted.add(p.trim());
            }
        }
        return new RequestValidator(getInt(MAX_PROMPT_TOKENS_CONFIG), getInt(MAX_NEW_TOKENS_CONFIG),
            getInt(MAX_PAYLOAD_BYTES_CONFIG), getLong(MAX_FUTURE_SKEW_MS_CONFIG) * 1000, accepted);
    }

    /** Everything Kafka Streams needs: clients, application id, guarantee, timing, state, producer limits. */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> p = streamsProps(Map.of());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.POLL_MS_CONFIG, getLong(POLL_MS_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS_CONFIG));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        // a batch of long prompts can pass Kafka's 1 MiB default (topics.yaml sets max.message.bytes to match)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_BATCH_BYTES);
        // Streams lingers 100 ms by default; under at_least_once that would delay every batch by up to 100 ms
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        // under exactly_once_v2 the offsets of a transaction that starts while the previous one's markers are still
        // being written get CONCURRENT_TRANSACTIONS; the producer retries after retry.backoff.ms (100 ms by default),
        // and the stream thread waits in the commit meanwhile (docs/scheduler.md)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        String instance = getString(INSTANCE_ID_CONFIG).trim();
        if (!instance.isEmpty()) { // Kafka Streams appends "-<thread index>"
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instance);
        }
        // requests and completions need no event-time alignment: process whichever has records instead of
        // waiting for both (with the default 0 every idle completions partition is re-checked per record)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        p.put("processing.exception.handler.global.enabled", true); // no global stores; silences Streams' start-up warning
        return p;
    }
}
