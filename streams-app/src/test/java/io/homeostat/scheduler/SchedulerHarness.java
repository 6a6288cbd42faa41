package io.homeostat.scheduler;

import io.homeostat.avro.Batch;
import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.KvPoolState;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.config.CommonConfig;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.SharedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The scheduler topology in a {@link TopologyTestDriver} on Kafka Streams' mock wall clock (the
 * processors read time through {@link SchedulerClock#streams}), with typed inputs and outputs.
 * {@link #advance} moves the wall clock one millisecond at a time, so a 1 ms tick fires at every
 * millisecond, as it would live.
 */
final class SchedulerHarness implements AutoCloseable {
    /** Wall clock at start, epoch ms. */
    static final long T0_MS = 1_800_000_000_000L;

    final Map<String, String> settings = new HashMap<>();
    final SchedulerAppConfig config;
    final Topics topics;
    final TopologyTestDriver driver;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TestInputTopic<byte[], byte[]> requests;
    private final TestInputTopic<byte[], byte[]> completions;
    private final TestOutputTopic<String, Batch> batches;
    private final TestOutputTopic<String, InferenceResult> results;
    private final TestOutputTopic<String, StabilityMetrics> metrics;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final AvroSerde<InferenceRequest> requestSerde;
    private final AvroSerde<Completion> completionSerde;
    private long nowMs;

    SchedulerHarness(Map<String, String> overrides, Path stateDir) {
        this(overrides, stateDir, T0_MS, "mock://" + SharedKafka.unique("ttd"));
    }

    SchedulerHarness(Map<String, String> overrides, Path stateDir, long startMs, String registryUrl) {
        settings.put(CommonConfig.BOOTSTRAP_SERVERS_CONFIG, "ttd:9092");
        settings.put("schema.registry.url", registryUrl);
        settings.put(SchedulerAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(SchedulerAppConfig.APPLICATION_ID_CONFIG, "sched-test");
        settings.put("scheduler.max.inflight.batches", "0");
        settings.putAll(overrides);
        config = new SchedulerAppConfig(settings);
        topics = config.topics();
        Properties props = new Properties();
        props.putAll(config.streamsProperties());
        nowMs = startMs;
        driver = new TopologyTestDriver(SchedulerTopology.build(config, new SchedulerGauges(registry),
            SchedulerClock.Source.streams()), props, Instant.ofEpochMilli(startMs));
        Map<String, ?> serde = config.serdeProps();
        requestSerde = AvroSerde.of(InferenceRequest.class, serde, false);
        completionSerde = AvroSerde.of(Completion.class, serde, false);
        requests = driver.createInputTopic(topics.requests(), new ByteArraySerializer(), new ByteArraySerializer());
        completions = driver.createInputTopic(topics.completions(), new ByteArraySerializer(), new ByteArraySerializer());
        batches = driver.createOutputTopic(topics.batches(), new StringDeserializer(),
            AvroSerde.of(Batch.class, serde, false).deserializer());
        results = driver.createOutputTopic(topics.results(), new StringDeserializer(),
            AvroSerde.of(InferenceResult.class, serde, false).deserializer());
        metrics = driver.createOutputTopic(topics.metrics(), new StringDeserializer(),
            AvroSerde.of(StabilityMetrics.class, serde, false).deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter(), new ByteArrayDeserializer(),
            AvroSerde.of(DeadLetter.class, serde, false).deserializer());
    }

    /** Epoch microseconds of the driver's wall clock. */
    long nowUs() {
        return nowMs * 1000;
    }

    long nowMs() {
        return nowMs;
    }

    /** A valid request at the current time: 48 prompt + 16 new tokens (4 KV blocks of 16). */
    InferenceRequest.Builder request(String id, String pool, double bid) {
        return InferenceRequest.newBuilder().setRequestId(id).setTenant("tenant-" + id.hashCode() % 3).setPool(pool)
            .setPriorityBid(bid).setClientTimestampUs(nowUs()).setPromptTokens(48).setMaxNewTokens(16);
    }

    void send(InferenceRequest r) {
        requests.pipeInput(r.getPool().getBytes(StandardCharsets.UTF_8), requestSerde.serializer().serialize(topics.requests(), r),
            nowMs);
    }

    void send(InferenceRequest.Builder r) {
        send(r.build());
    }

    /** Encoded as the requests topic carries it. */
    byte[] encode(InferenceRequest r) {
        return requestSerde.serializer().serialize(topics.requests(), r);
    }

    void sendRaw(byte[] key, byte[] value) {
        requests.pipeInput(key, value, nowMs);
    }

    void sendRawCompletion(byte[] key, byte[] value) {
        completions.pipeInput(key, value, nowMs);
    }

    /** A worker's completion of batch {@code pool-seq}. */
    void complete(String pool, long seq, int size, double serviceMs, int blocksUsed, int total, int free, int cached) {
        Completion c = Completion.newBuilder().setBatchId(pool + "-" + seq).setPool(pool).setWorkerId("w")
            .setBatchSize(size).setExecuted(size).setRejected(0).setFailed(0).setPromptTokens(0).setGeneratedTokens(0)
            .setServiceTimeMs(serviceMs).setBlocksUsed(blocksUsed).setCompletedUs(nowUs())
            .setPoolState(KvPoolState.newBuilder().setTotalBlocks(total).setFreeBlocks(free).setCachedBlocks(cached)
                .setEvictedBlocksTotal(0).setPrefixHitRate(0).build())
            .build();
        completions.pipeInput(pool.getBytes(StandardCharsets.UTF_8),
            completionSerde.serializer().serialize(topics.completions(), c), nowMs);
    }

    /** Moves the wall clock by {@code ms}, one millisecond (and one punctuation) at a time. */
    void advance(long ms) {
        for (long i = 0; i < ms; i++) {
            nowMs++;
            driver.advanceWallClockTime(Duration.ofMillis(1));
        }
    }

    List<Batch> batches() {
        return batches.readValuesToList();
    }

    List<InferenceResult> results() {
        return results.readValuesToList();
    }

    List<StabilityMetrics> metrics() {
        return metrics.readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        registry.close();
    }
}
