package io.homeostat.kafka.serde;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.test.Requests;
import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Run in a child JVM started WITHOUT -Dorg.apache.avro.SERIALIZABLE_PACKAGES.
 * {@code serde}: round trip through the serde, prints OK. {@code raw}: plain Avro, prints FORBIDDEN
 * when Avro refuses the generated class (which is why the serde must trust it).
 */
public final class TrustProbe {
    private TrustProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") != null) {
            System.out.println("PROPERTY-SET");
            return;
        }
        InferenceRequest request = Requests.sample(3);
        if (args.length > 0 && "raw".equals(args[0])) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<InferenceRequest>(InferenceRequest.class).write(request, encoder);
            encoder.flush();
            try {
                new SpecificDatumReader<InferenceRequest>(InferenceRequest.class)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
                System.out.println("RAW-OK");
            } catch (SecurityException e) {
                System.out.println("FORBIDDEN " + e.getMessage());
            }
            return;
        }
        AvroSerde<InferenceRequest> serde = new AvroSerde<>(InferenceRequest.class, new MockSchemaRegistry("probe"), false);
        InferenceRequest back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", request));
        System.out.println(request.equals(back) ? "OK" : "MISMATCH");
    }
}
