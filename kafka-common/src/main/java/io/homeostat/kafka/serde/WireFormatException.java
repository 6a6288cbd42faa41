package io.homeostat.kafka.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The one exception the serde throws for a record it cannot turn into (or from) bytes: the
 * record's fault, not the infrastructure's. The topology turns it into a dead-letter record
 * ({@link DeadLetters}). The message names the topic, and the partition and offset when they
 * are known ({@link AvroDeserializer#decode(org.apache.kafka.clients.consumer.ConsumerRecord)}
 * knows them; Kafka's {@code Deserializer} API does not pass them).
 *
 * <p>A registry that cannot be reached is not the record's fault and is not reported with this
 * type: see {@code io.homeostat.kafka.registry.SchemaRegistryUnavailableException}.
 */
public final class WireFormatException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Kind {
        /** Null or zero-length payload. */
        EMPTY,
        /** First byte is not 0. */
        BAD_MAGIC,
        /** Fewer bytes than the header, or the body ends before the record does. */
        TRUNCATED,
        /** The schema id is not in the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader's (a record of another type). */
        INCOMPATIBLE_SCHEMA,
        /** The body does not decode under its writer schema (random bytes, trailing bytes, ...). */
        MALFORMED_BODY,
        /** Serializing: the record cannot be encoded (e.g. a null in a non-null field). */
        ENCODE_FAILED
    }

    public static final int UNKNOWN_PARTITION = -1;
    public static final long UNKNOWN_OFFSET = -1L;

    private final Kind kind;
    private final String topic;
    private final int partition;
    private final long offset;
    private final String detail;

    public WireFormatException(Kind kind, String topic, int partition, long offset, String detail, Throwable cause) {
        super(format(kind, topic, partition, offset, detail), cause);
        this.kind = kind;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.detail = detail;
    }

    /** The same failure, now located at {@code partition}/{@code offset}. */
    public WireFormatException at(int partition, long offset) {
        WireFormatException located = new WireFormatException(kind, topic, partition, offset, detail, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Kind kind() {
        return kind;
    }

    public String topic() {
        return topic;
    }

    /** Source partition, or {@link #UNKNOWN_PARTITION}. */
    public int partition() {
        return partition;
    }

    /** Source offset, or {@link #UNKNOWN_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The reason without the location prefix. */
    public String detail() {
        return detail;
    }

    private static String format(Kind kind, String topic, int partition, long offset, String detail) {
        String where = partition >= 0
            ? topic + " partition " + partition + " offset " + offset
            : topic + " (partition/offset unknown)";
        String verb = kind == Kind.ENCODE_FAILED ? "Cannot encode record for " : "Cannot decode record from ";
        return verb + where + ": " + kind + ": " + detail;
    }
}
