package io.homeostat.scheduler;

import io.homeostat.avro.Batch;
import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The scheduler's Processor API topology: one sub-topology, so a pool's requests and its
 * completions (both keyed by pool, same partition count) reach the same task and the same
 * {@link SchedulerProcessor}.
 *
 * <pre>
 *   inference.requests ──► [validate-requests] ──┐                 ┌──► inference.batches  (key pool)
 *     (bytes)               decode + validate    ├──► [scheduler] ──┼──► inference.results  (key request_id: EXPIRED / REJECTED)
 *   inference.completions ► [decode-completions] ┘   stores:        └──► inference.metrics  (key pool)
 *     (bytes)                     │                  scheduler-pools, scheduler-queue
 *                                 │                  punctuators: tick (tick.ms), metrics (metrics.interval.ms)
 *   both intakes ─────────────────┴──► inference.dead-letter (original key and bytes, coordinates, reason)
 * </pre>
 */
public final class SchedulerTopology {
    static final String REQUESTS_SOURCE = "requests-source";
    static final String COMPLETIONS_SOURCE = "completions-source";
    static final String REQUEST_INTAKE = "validate-requests";
    static final String COMPLETION_INTAKE = "decode-completions";
    static final String SCHEDULER = "scheduler";
    static final String BATCHES_SINK = "batches-sink";
    static final String RESULTS_SINK = "results-sink";
    static final String METRICS_SINK = "metrics-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private SchedulerTopology() {
    }

    /** The topology for {@code config}; gauges go to {@code gauges}, time comes from {@code clocks}. */
    public static Topology build(SchedulerAppConfig config, SchedulerGauges gauges, SchedulerClock.Source clocks) {
        Topics topics = config.topics();
        Map<String, ?> serde = config.serdeProps();
        String application = "scheduler " + config.applicationId();
        RequestValidator validator = config.validator();
        Topology t = new Topology();
        t.addSource(REQUESTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.requests());
        t.addSource(COMPLETIONS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.completions());
        t.addProcessor(REQUEST_INTAKE, () -> new RequestIntake(
            AvroSerde.of(InferenceRequest.class, serde, false).deserializer(), validator, application, clocks), REQUESTS_SOURCE);
        t.addProcessor(COMPLETION_INTAKE, () -> new CompletionIntake(
            AvroSerde.of(Completion.class, serde, false).deserializer(), application, clocks), COMPLETIONS_SOURCE);
        t.addProcessor(SCHEDULER, () -> new SchedulerProcessor(config, clocks, gauges, new RequestPayloads(
                topics.requests(), AvroSerde.of(InferenceRequest.class, serde, false).serializer(),
                AvroSerde.of(InferenceRequest.class, serde, false).deserializer())),
            REQUEST_INTAKE, COMPLETION_INTAKE);
        t.addStateStore(SchedulerStores.poolsStore(), SCHEDULER);
        t.addStateStore(SchedulerStores.queueStore(), SCHEDULER);
        t.addStateStore(PreCommitHook.builder(), SCHEDULER);
        t.addSink(BATCHES_SINK, topics.batches(), new StringSerializer(),
            AvroSerde.of(Batch.class, serde, false).serializer(), SCHEDULER);
        t.addSink(RESULTS_SINK, topics.results(), new StringSerializer(),
            AvroSerde.of(InferenceResult.class, serde, false).serializer(), SCHEDULER);
        t.addSink(METRICS_SINK, topics.metrics(), new StringSerializer(),
            AvroSerde.of(StabilityMetrics.class, serde, false).serializer(), SCHEDULER);
        t.addSink(DEAD_LETTER_SINK, topics.deadLetter(), new ByteArraySerializer(),
            AvroSerde.of(DeadLetter.class, serde, false).serializer(), REQUEST_INTAKE, COMPLETION_INTAKE);
        return t;
    }
}
