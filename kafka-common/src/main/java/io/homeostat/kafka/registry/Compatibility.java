package io.homeostat.kafka.registry;

import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Avro schema resolution, answered in one short line (Avro's own description prints both schemas). */
public final class Compatibility {
    private Compatibility() {
    }

    /** Empty when data written with {@code writer} can be read with {@code reader}; else why not. */
    public static Optional<String> problem(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility check =
            SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (check.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        return Optional.of(check.getResult().getIncompatibilities().stream()
            .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
            .collect(Collectors.joining("; ")));
    }
}
