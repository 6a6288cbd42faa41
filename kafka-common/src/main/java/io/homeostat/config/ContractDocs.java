package io.homeostat.config;

import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicSpec;
import java.util.List;
import org.apache.avro.Schema;

/** Markdown for the README's topic and schema contract, generated from topics.yaml and the .avsc files. */
public final class ContractDocs {
    private ContractDocs() {
    }

    /** One row per topic: name, config key, key, value record, partitions, cleanup, retention, meaning. */
    public static String topics(TopicCatalog catalog) {
        StringBuilder out = new StringBuilder();
        out.append("| Topic (config key) | Key | Value | Partitions | Cleanup | Retention | Meaning |\n")
            .append("|---|---|---|---|---|---|---|\n");
        for (TopicSpec t : catalog.topics()) {
            out.append("| `").append(t.name()).append("` (`").append(CommonConfig.TOPIC_PREFIX).append(t.role())
                .append("`) | ").append(cell(t.key())).append(" | `").append(simpleName(t.value())).append("` | ")
                .append(t.partitions()).append(" | ").append(t.cleanupPolicy()).append(" | ")
                .append(retention(t.retentionMs())).append(" | ").append(cell(t.doc())).append(" |\n");
        }
        return out.toString();
    }

    /** One collapsed field table per record schema. */
    public static String schemas(List<Schema> schemas) {
        StringBuilder out = new StringBuilder();
        for (Schema schema : schemas) {
            out.append("<details><summary><code>").append(schema.getName()).append("</code>: ")
                .append(cell(schema.getDoc())).append("</summary>\n\n")
                .append("| Field | Type | Default | Meaning |\n|---|---|---|---|\n");
            for (Schema.Field field : schema.getFields()) {
                out.append("| `").append(field.name()).append("` | ").append(cell(typeName(field.schema())))
                    .append(" | ").append(field.hasDefaultValue() ? "`" + cell(String.valueOf(defaultJson(field))) + "`" : "")
                    .append(" | ").append(cell(field.doc())).append(" |\n");
            }
            out.append("\n</details>\n\n");
        }
        return out.toString().strip() + "\n";
    }

    private static Object defaultJson(Schema.Field field) {
        Object value = field.defaultVal();
        if (value == Schema.Field.NULL_DEFAULT_VALUE || value == org.apache.avro.JsonProperties.NULL_VALUE) {
            return "null";
        }
        return value;
    }

    private static String typeName(Schema schema) {
        switch (schema.getType()) {
            case UNION:
                return schema.getTypes().stream().map(ContractDocs::typeName).reduce((a, b) -> a + " | " + b).orElse("");
            case ARRAY:
                return "array<" + typeName(schema.getElementType()) + ">";
            case MAP:
                return "map<" + typeName(schema.getValueType()) + ">";
            case RECORD:
            case ENUM:
            case FIXED:
                return schema.getName() + (schema.getType() == Schema.Type.ENUM ? " " + schema.getEnumSymbols() : "");
            default:
                return schema.getType().getName();
        }
    }

    private static String retention(long ms) {
        if (ms < 0) {
            return "forever";
        }
        long hours = ms / 3_600_000L;
        return hours % 24 == 0 ? (hours / 24) + " d" : hours + " h";
    }

    private static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").strip();
    }
}
