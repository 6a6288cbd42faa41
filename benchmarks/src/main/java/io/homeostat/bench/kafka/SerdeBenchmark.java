package io.homeostat.bench.kafka;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerializer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serde throughput, one thread: records/s for serialize, deserialize and both (the figure the
 * issue asks for). The registry is in-process (mock://) and warm, so this is the steady state:
 * a cached schema id, a cached resolving reader, reused buffers.
 *
 * <pre>
 *   InferenceRequest ─serialize─► [0][id][avro] ─deserialize─► InferenceRequest
 *   "small": required fields only (~40 B)   "rich": prompt text, agent, prefix hashes, attributes
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SerdeBenchmark {
    private static final String TOPIC = "inference.requests";

    @Param({"small", "rich"})
    public String shape;

    private AvroSerializer<InferenceRequest> serializer;
    private AvroDeserializer<InferenceRequest> deserializer;
    private InferenceRequest request;
    private byte[] bytes;

    @Setup
    public void setUp() {
        MockSchemaRegistry registry = new MockSchemaRegistry("bench");
        serializer = new AvroSerializer<>(registry, false);
        deserializer = new AvroDeserializer<>(InferenceRequest.class, registry, false);
        request = BenchRequests.request(7, "rich".equals(shape));
        bytes = serializer.serialize(TOPIC, request);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, request);
    }

    @Benchmark
    public InferenceRequest deserialize() {
        return deserializer.deserialize(TOPIC, bytes);
    }

    @Benchmark
    public InferenceRequest roundTrip() {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, request));
    }

    /** Prints the encoded sizes, then runs the benchmark: {@code java -cp ... io.homeostat.bench.kafka.SerdeBenchmark}. */
    public static void main(String[] args) throws Exception {
        for (String s : new String[] {"small", "rich"}) {
            SerdeBenchmark b = new SerdeBenchmark();
            b.shape = s;
            b.setUp();
            System.out.printf("%s request: %d bytes on the wire%n", s, b.bytes.length);
        }
        org.openjdk.jmh.Main.main(new String[] {SerdeBenchmark.class.getSimpleName()});
    }
}
