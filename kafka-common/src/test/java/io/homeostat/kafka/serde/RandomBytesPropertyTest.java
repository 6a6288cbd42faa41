package io.homeostat.kafka.serde;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.registry.MockSchemaRegistry;
import io.homeostat.kafka.registry.PortableSchemas;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive, the deserializer answers a record or a WireFormatException, never anything else. */
class RandomBytesPropertyTest {
    private static final MockSchemaRegistry REGISTRY = new MockSchemaRegistry("random-bytes");
    private static final AvroDeserializer<InferenceRequest> DESERIALIZER =
        new AvroDeserializer<>(InferenceRequest.class, REGISTRY, false);
    private static final int REQUEST_ID =
        REGISTRY.lookup("io.homeostat.avro.InferenceRequest", PortableSchemas.portable(InferenceRequest.getClassSchema()));

    @Property(tries = 2_000)
    void anyBytes(@ForAll @Size(max = 64) byte[] data) {
        decode(data);
    }

    @Property(tries = 5_000)
    void anyBodyAfterAValidHeader(@ForAll @Size(max = 96) byte[] body) {
        ByteBuffer framed = ByteBuffer.allocate(WireFormat.HEADER_SIZE + body.length);
        framed.put(WireFormat.MAGIC).putInt(REQUEST_ID).put(body);
        decode(framed.array());
    }

    private static void decode(byte[] data) {
        try {
            DESERIALIZER.deserialize("inference.requests", data);
        } catch (WireFormatException expected) {
            // the one allowed failure
        }
    }
}
