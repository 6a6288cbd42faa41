package io.homeostat.kafka.serde;

import io.homeostat.kafka.registry.Compatibility;
import io.homeostat.kafka.registry.SchemaNotFoundException;
import io.homeostat.kafka.registry.SchemaRegistries;
import io.homeostat.kafka.registry.SchemaRegistryClient;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format ({@link WireFormat}) into a generated Avro class.
 *
 * <p>The reader schema is the class's own; the writer schema is fetched by id from the
 * registry and resolved against it (Avro schema resolution), so records written with an
 * older version of the contract stay readable. One resolving reader is cached per writer id,
 * and each thread reuses one decoder. Every defect of the bytes ends in
 * {@link WireFormatException}; use {@link #decode(ConsumerRecord)} to have partition and offset
 * in its message.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private SchemaRegistryClient registry;
    private boolean isKey;
    private final Map<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For Kafka: configure with {@code schema.registry.*} keys before use. */
    public AvroDeserializer(Class<T> type) {
        AvroTrust.install();
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /** Ready to use with an explicit registry. */
    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        this(type);
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistries.create(configs);
        this.isKey = isKey;
    }

    /** Kafka's entry point: partition and offset are unknown here. */
    @Override
    public T deserialize(String topic, byte[] data) {
        return decode(topic, WireFormatException.UNKNOWN_PARTITION, WireFormatException.UNKNOWN_OFFSET, data);
    }

    /** Decodes the record's value (or key, for a key deserializer), naming its partition and offset on failure. */
    public T decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(record.topic(), record.partition(), record.offset(), isKey ? record.key() : record.value());
    }

    /** Decodes {@code data}; a failure names {@code topic}, {@code partition} and {@code offset}. */
    public T decode(String topic, int partition, long offset, byte[] data) {
        if (data == null) {
            throw fail(WireFormatException.Kind.EMPTY, topic, partition, offset, "null payload (a tombstone?)", null);
        }
        if (data.length == 0) {
            throw fail(WireFormatException.Kind.EMPTY, topic, partition, offset, "empty payload (0 bytes)", null);
        }
        if (data[0] != WireFormat.MAGIC) {
            throw fail(WireFormatException.Kind.BAD_MAGIC, topic, partition, offset, String.format(
                "wrong magic byte 0x%02X, expected 0x00 (not the Confluent wire format)", data[0] & 0xFF), null);
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw fail(WireFormatException.Kind.TRUNCATED, topic, partition, offset, data.length
                + " bytes, shorter than the " + WireFormat.HEADER_SIZE + "-byte header", null);
        }
        int id = WireFormat.schemaId(data);
        Resolution<T> resolution = resolve(id, topic, partition, offset);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
            data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        T value;
        try {
            value = resolution.reader.read(null, decoder);
        } catch (EOFException e) {
            throw fail(WireFormatException.Kind.TRUNCATED, topic, partition, offset, "body of "
                + (data.length - WireFormat.HEADER_SIZE) + " bytes ends before the record (writer schema id "
                + id + ", " + resolution.writerName + ")", e);
        } catch (IOException | RuntimeException e) {
            throw fail(WireFormatException.Kind.MALFORMED_BODY, topic, partition, offset,
                "body does not decode under writer schema id " + id + " (" + resolution.writerName + "): " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw fail(WireFormatException.Kind.MALFORMED_BODY, topic, partition, offset,
                    "trailing bytes after the record (writer schema id " + id + ", " + resolution.writerName + ")", null);
            }
        } catch (IOException e) {
            throw fail(WireFormatException.Kind.MALFORMED_BODY, topic, partition, offset, e.toString(), e);
        }
        return value;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The class this deserializer produces. */
    public Class<T> type() {
        return type;
    }

    private Resolution<T> resolve(int id, String topic, int partition, long offset) {
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure(): set schema.registry.url");
        }
        Resolution<T> known = resolutions.get(id);
        if (known == null) {
            Schema writer;
            try {
                writer = registry.getById(id);
            } catch (SchemaNotFoundException e) {
                throw fail(WireFormatException.Kind.UNKNOWN_SCHEMA_ID, topic, partition, offset,
                    "schema id " + id + " is unknown to registry " + registry.url(), e);
            }
            known = resolutions.computeIfAbsent(id, i -> Resolution.of(writer, readerSchema, model));
        }
        if (known.reader == null) {
            throw fail(WireFormatException.Kind.INCOMPATIBLE_SCHEMA, topic, partition, offset,
                "writer schema id " + id + " (" + known.writerName + ") cannot be read as "
                    + readerSchema.getFullName() + ": " + known.incompatibility, null);
        }
        return known;
    }

    private static WireFormatException fail(WireFormatException.Kind kind, String topic, int partition, long offset,
                                            String detail, Throwable cause) {
        return new WireFormatException(kind, topic, partition, offset, detail, cause);
    }

    /** A writer schema resolved against the reader: a reader, or why there cannot be one. */
    private static final class Resolution<T> {
        final SpecificDatumReader<T> reader;
        final String writerName;
        final String incompatibility;

        private Resolution(SpecificDatumReader<T> reader, String writerName, String incompatibility) {
            this.reader = reader;
            this.writerName = writerName;
            this.incompatibility = incompatibility;
        }

        static <T> Resolution<T> of(Schema writer, Schema reader, SpecificData model) {
            String writerName = writer.getType() == Schema.Type.RECORD ? writer.getFullName() : writer.getType().getName();
            Optional<String> problem = Compatibility.problem(reader, writer);
            if (problem.isPresent()) {
                return new Resolution<>(null, writerName, problem.get());
            }
            return new Resolution<>(new SpecificDatumReader<>(writer, reader, model), writerName, null);
        }
    }
}
