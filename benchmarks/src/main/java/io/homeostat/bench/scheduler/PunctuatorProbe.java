package io.homeostat.bench.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.scheduler.SchedulerAppConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The floor under the scheduler's cut precision: a topology that only forwards requests (same
 * topics, serde and Streams settings as the scheduler) and runs a 1 ms WALL_CLOCK_TIME
 * punctuator that does nothing but note when it ran. Its gaps beyond 1 ms are what any
 * punctuator-driven cut inherits from Kafka Streams, the commit and the machine.
 */
final class PunctuatorProbe {
    private PunctuatorProbe() {
    }

    /** Runs the probe over {@code setup}'s requests topic while {@code traffic} runs; returns sorted gaps − 1 ms, in µs. */
    static long[] run(SchedulerAppConfig config, Runnable traffic) throws Exception {
        long[] gaps = new long[2_000_000];
        int[] n = {0};
        long[] last = {0};
        AvroSerde<InferenceRequest> serde = AvroSerde.of(InferenceRequest.class, config.serdeProps(), false);
        Topology t = new Topology();
        t.addSource("requests", new StringDeserializer(), serde.deserializer(), config.topics().requests());
        t.addProcessor("probe", () -> new Processor<String, InferenceRequest, String, InferenceRequest>() {
            private ProcessorContext<String, InferenceRequest> context;

            @Override
            public void init(ProcessorContext<String, InferenceRequest> context) {
                this.context = context;
                if (context.taskId().partition() == 0) { // one punctuator, like one task's scheduler node
                    context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, ts -> {
                        long now = System.nanoTime();
                        synchronized (gaps) {
                            if (last[0] != 0 && n[0] < gaps.length) {
                                gaps[n[0]++] = Math.max(0, (now - last[0]) / 1000 - 1000);
                            }
                            last[0] = now;
                        }
                    });
                }
            }

            @Override
            public void process(Record<String, InferenceRequest> record) {
                context.forward(record);
            }
        }, "requests");
        t.addSink("out", config.topics().batches() + "-probe", new StringSerializer(), serde.serializer(), "probe");
        Properties p = new Properties();
        p.putAll(config.streamsProperties());
        p.put("application.id", config.applicationId() + "-probe");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config.adminProps())) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(
                config.topics().batches() + "-probe", 6, (short) 1))).all().get();
        }
        KafkaStreams streams = new KafkaStreams(t, p);
        streams.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(3000);
            synchronized (gaps) {
                n[0] = 0;
            }
            traffic.run();
            System.out.printf("%-28s stream thread phases: %s%n", "punctuator probe", SchedulerBenchmark.phases(streams.metrics()));
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
        synchronized (gaps) {
            long[] out = Arrays.copyOf(gaps, n[0]);
            Arrays.sort(out);
            return out;
        }
    }
}
