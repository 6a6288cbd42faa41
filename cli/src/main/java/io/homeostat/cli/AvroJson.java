package io.homeostat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Avro records as plain JSON objects, for people and for {@code jq}: field names as in the schema,
 * unions unwrapped (a null or the value, not Avro's {@code {"string": ...}} encoding), bytes as
 * base64, enums as their symbol. {@code consume} prints these; {@code report} reads them back.
 */
public final class AvroJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(GenericRecord record) {
        return (ObjectNode) value(record, record.getSchema());
    }

    static JsonNode value(Object v, Schema s) {
        if (v == null) {
            return F.nullNode();
        }
        switch (s.getType()) {
            case RECORD: {
                GenericRecord r = (GenericRecord) v;
                ObjectNode o = F.objectNode();
                for (Schema.Field f : s.getFields()) {
                    o.set(f.name(), value(r.get(f.pos()), f.schema()));
                }
                return o;
            }
            case UNION:
                return value(v, s.getTypes().get(SpecificData.get().resolveUnion(s, v)));
            case ARRAY: {
                ArrayNode a = F.arrayNode();
                for (Object e : (Collection<?>) v) {
                    a.add(value(e, s.getElementType()));
                }
                return a;
            }
            case MAP: {
                ObjectNode o = F.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    o.set(e.getKey().toString(), value(e.getValue(), s.getValueType()));
                }
                return o;
            }
            case BYTES: {
                ByteBuffer b = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return F.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED:
                return F.textNode(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
            case INT:
                return F.numberNode(((Number) v).intValue());
            case LONG:
                return F.numberNode(((Number) v).longValue());
            case FLOAT:
                return F.numberNode(((Number) v).floatValue());
            case DOUBLE:
                return F.numberNode(((Number) v).doubleValue());
            case BOOLEAN:
                return F.booleanNode((Boolean) v);
            case NULL:
                return F.nullNode();
            default: // STRING, ENUM
                return F.textNode(v.toString());
        }
    }
}
