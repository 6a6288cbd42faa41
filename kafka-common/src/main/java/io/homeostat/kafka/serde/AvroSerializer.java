package io.homeostat.kafka.serde;

import io.homeostat.kafka.registry.PortableSchemas;
import io.homeostat.kafka.registry.SchemaRegistries;
import io.homeostat.kafka.registry.SchemaRegistryClient;
import io.homeostat.kafka.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in the Confluent wire format ({@link WireFormat}).
 *
 * <p>The writer schema is the record's own, registered once per topic under
 * {@code <topic>-value} (or {@code -key}) in its portable form; the id is cached per
 * (topic, schema), the datum writer per schema, and each thread reuses one buffer and one
 * encoder. Thread-safe: Kafka Streams shares one instance between stream threads.
 * A {@code null} record is written as {@code null} (Kafka's tombstone).
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<GrowableBuffer> buffers = ThreadLocal.withInitial(GrowableBuffer::new);
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    /** For Kafka: configure with {@code schema.registry.*} keys before use. */
    public AvroSerializer() {
        AvroTrust.install();
    }

    /** Ready to use with an explicit registry. */
    public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
        this();
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        this.registry = SchemaRegistries.create(config);
        this.autoRegister = config.autoRegister();
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure(): set "
                + SchemaRegistryConfig.URL_CONFIG);
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        SpecificDatumWriter<T> writer = writers.computeIfAbsent(schema, this::newWriter);
        GrowableBuffer out = buffers.get();
        out.reset();
        out.writeHeader(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
            encoders.set(encoder);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Kind.ENCODE_FAILED, topic,
                WireFormatException.UNKNOWN_PARTITION, WireFormatException.UNKNOWN_OFFSET,
                schema.getFullName() + " does not encode: " + e, e);
        }
        return out.toByteArray();
    }

    /** The registry this serializer talks to. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> ids = idsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer id = ids.get(schema);
        if (id == null) {
            String subject = WireFormat.subject(topic, isKey);
            Schema portable = PortableSchemas.portable(schema);
            id = autoRegister ? registry.register(subject, portable) : registry.lookup(subject, portable);
            ids.put(schema, id);
        }
        return id;
    }

    private SpecificDatumWriter<T> newWriter(Schema schema) {
        return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }
}
