package io.homeostat.kafka.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.avro.Schema;

/**
 * The language-neutral form of a schema, as it is registered.
 *
 * <p>Why: classes generated with {@code stringType=String} carry an {@code avro.java.string}
 * property on every string. That property is a Java code-generation hint, not part of the
 * contract; registering it would give the same {@code .avsc} two ids (one from the file, one
 * from the class). The serializer registers {@code portable(classSchema)}, which equals the
 * schema parsed from the {@code .avsc} file.
 */
public final class PortableSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA_STRING_PROP = "avro.java.string";

    private PortableSchemas() {
    }

    /** {@code schema} without Java-only properties; returns it unchanged when it has none. */
    public static Schema portable(Schema schema) {
        String json = schema.toString();
        if (!json.contains(JAVA_STRING_PROP)) {
            return schema;
        }
        try {
            JsonNode tree = JSON.readTree(json);
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite schema " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            object.remove(JAVA_STRING_PROP);
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        } else if (node instanceof ArrayNode) {
            for (JsonNode child : node) {
                strip(child);
            }
        }
    }
}
