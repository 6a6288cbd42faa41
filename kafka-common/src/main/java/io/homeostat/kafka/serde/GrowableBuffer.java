package io.homeostat.kafka.serde;

import java.io.ByteArrayOutputStream;

/** A reusable output buffer (one per serializing thread): reset, write, copy out. */
final class GrowableBuffer extends ByteArrayOutputStream {
    GrowableBuffer() {
        super(256);
    }

    void writeHeader(int schemaId) {
        write(WireFormat.MAGIC);
        write(schemaId >>> 24);
        write(schemaId >>> 16);
        write(schemaId >>> 8);
        write(schemaId);
    }
}
