package io.homeostat.cli;

import io.homeostat.avro.Batch;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.WireFormatException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code consume results|metrics|batches|dead-letter|requests}: a topic's records as JSON lines on stdout. */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print a topic's records (results, metrics, batches, dead-letter, requests) as JSON lines.",
        "Print a topic's records as JSON lines (read_committed): one object per record, fields as in its Avro "
        + "schema. Without --follow it stops at the end of what is there when it starts."},
    footer = {"", "Example: ./homeostat consume results --bootstrap-servers localhost:29092 --from-beginning --limit 10"})
public final class ConsumeCommand implements Callable<Integer> {
    /** What can be consumed: the role in topics.yaml and the value type. */
    enum Kind {
        RESULTS(Topics.RESULTS, InferenceResult.class),
        METRICS(Topics.METRICS, StabilityMetrics.class),
        BATCHES(Topics.BATCHES, Batch.class),
        DEAD_LETTER(Topics.DEAD_LETTER, DeadLetter.class),
        REQUESTS(Topics.REQUESTS, InferenceRequest.class);

        final String role;
        final Class<? extends SpecificRecord> type;

        Kind(String role, Class<? extends SpecificRecord> type) {
            this.role = role;
            this.type = type;
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.role.equals(s.toLowerCase(Locale.ROOT)) || k.name().equalsIgnoreCase(s.replace('-', '_'))) {
                    return k;
                }
            }
            throw CliException.usage("unknown topic '" + s + "': expected results, metrics, batches, dead-letter or requests");
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "results | metrics | batches | dead-letter | requests")
    String what;

    @Mixin
    ReadOptions reading;

    @Override
    public Integer call() {
        Kind kind = Kind.parse(what);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignal stop = StopSignal.install();
             KafkaSession kafka = KafkaSession.connect(options.settings(), "consume")) {
            String topic = kafka.config().topics().byRole().get(kind.role);
            long n = read(kafka, topic, kind.type, reading.fromBeginning, reading.follow, reading.limit, reading.idleTimeout(), stop,
                value -> out.println(AvroJson.toJson((org.apache.avro.generic.GenericRecord) value).toString()), err);
            out.flush();
            if (n == 0 && !reading.fromBeginning && !reading.follow && reading.limit == null) {
                err.println("no new records on " + topic + " (consume starts at the end: add --from-beginning or --follow)");
                err.flush();
            }
            if (reading.incomplete(n, stop)) {
                err.println("got " + n + " of " + reading.limit + " records from " + topic + " before the timeout");
                err.flush();
                return ExitCode.INCOMPLETE;
            }
            return ExitCode.OK;
        }
    }

    /**
     * Reads {@code topic} and hands each decoded value to {@code sink}; returns how many. A record that
     * cannot be decoded is reported on {@code err} (topic, partition, offset, why) and skipped.
     */
    static <T extends SpecificRecord> long read(KafkaSession kafka, String topic, Class<T> type, boolean fromBeginning,
                                                 boolean follow, Long limit, Duration idleTimeout, StopSignal stop,
                                                 Consumer<? super T> sink, PrintWriter err) {
        List<TopicPartition> partitions = kafka.partitions(topic);
        AvroDeserializer<T> decoder = kafka.deserializer(type);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.rawConsumer()) {
            KafkaSession.position(consumer, partitions, fromBeginning);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            boolean bounded = !follow && limit == null;
            long idleSince = System.nanoTime();
            while (!stop.requested() && (limit == null || count < limit)) {
                if (bounded && reachedEnd(consumer, end)) {
                    break;
                }
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (!follow && limit != null && System.nanoTime() - idleSince > idleTimeout.toNanos()) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (limit != null && count >= limit) {
                        break;
                    }
                    T value;
                    try {
                        value = decoder.decode(r);
                    } catch (WireFormatException e) {
                        err.println("skipped undecodable record: " + e.getMessage());
                        continue;
                    }
                    if (value == null) {
                        continue; // a tombstone
                    }
                    sink.accept(value);
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
