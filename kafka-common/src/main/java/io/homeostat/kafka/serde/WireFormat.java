package io.homeostat.kafka.serde;

/**
 * The Confluent wire format, the framing every Homeostat record value carries:
 *
 * <pre>
 *   byte 0      magic, always 0
 *   bytes 1..4  schema id, big-endian int (the writer schema, in the schema registry)
 *   bytes 5..   Avro binary encoding of the record under that writer schema
 * </pre>
 */
public final class WireFormat {
    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id in a framed payload (no checks beyond length). */
    public static int schemaId(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE) {
            throw new IllegalArgumentException("payload shorter than the " + HEADER_SIZE + "-byte header");
        }
        return ((payload[1] & 0xFF) << 24) | ((payload[2] & 0xFF) << 16) | ((payload[3] & 0xFF) << 8) | (payload[4] & 0xFF);
    }

    /** The subject a schema is registered under for a topic: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
