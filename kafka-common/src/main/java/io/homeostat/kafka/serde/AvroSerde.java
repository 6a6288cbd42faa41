package io.homeostat.kafka.serde;

import io.homeostat.kafka.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * {@link AvroSerializer} + {@link AvroDeserializer} for one generated class, e.g.
 * {@code AvroSerde.of(InferenceRequest.class, props, false)} for Kafka Streams'
 * {@code Consumed.with(Serdes.String(), serde)}.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /** Unconfigured: call {@link #configure} (Kafka does, when it owns the serde). */
    public AvroSerde(Class<T> type) {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(type);
    }

    /** Ready to use with an explicit registry. */
    public AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        this.serializer = new AvroSerializer<>(registry, isKey);
        this.deserializer = new AvroDeserializer<>(type, registry, isKey);
    }

    /** Configured from a property map holding the {@code schema.registry.*} keys. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> configs, boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(configs, isKey);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public AvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
