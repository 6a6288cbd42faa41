package io.homeostat.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Markdown documentation generated from {@link ConfigDef}s, so the README's configuration
 * tables cannot drift from the code. Generated blocks sit between markers in the README:
 *
 * <pre>
 *   &lt;!-- generated:NAME:start --&gt;
 *   ...
 *   &lt;!-- generated:NAME:end --&gt;
 * </pre>
 *
 * A test per module compares each block with what this class generates (see ReadmeDocsTest
 * in kafka-common) and rewrites it when run with {@code -Dhomeostat.docs.update=true}.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    /**
     * One table per group, in the order the groups were declared. Keys without a group (Kafka's
     * own ssl.* / sasl.* client keys, passed through) go into one collapsed table at the end.
     */
    public static String markdown(ConfigDef def) {
        StringBuilder out = new StringBuilder();
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
        for (String group : def.groups()) {
            List<ConfigDef.ConfigKey> inGroup = keys.stream().filter(k -> group.equals(k.group))
                .sorted(Comparator.comparingInt((ConfigDef.ConfigKey k) -> k.orderInGroup).thenComparing(k -> k.name))
                .toList();
            out.append("**").append(group).append("**\n\n");
            out.append("| Key | Type | Default | Valid values | Meaning |\n|---|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : inGroup) {
                out.append("| `").append(key.name).append("` | ").append(type(key)).append(" | ")
                    .append(defaultValue(key)).append(" | ").append(validValues(key)).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
            }
            out.append('\n');
        }
        List<ConfigDef.ConfigKey> ungrouped = keys.stream().filter(k -> k.group == null)
            .sorted(Comparator.comparing(k -> k.name)).toList();
        if (!ungrouped.isEmpty()) {
            out.append("<details><summary>Kafka client security: ").append(ungrouped.size())
                .append(" ssl.* / sasl.* keys, passed to every Kafka client when set (Kafka's defaults and meanings)"
                    + "</summary>\n\n");
            out.append("| Key | Type | Default | Meaning (first sentence) |\n|---|---|---|---|\n");
            for (ConfigDef.ConfigKey key : ungrouped) {
                out.append("| `").append(key.name).append("` | ").append(type(key)).append(" | ")
                    .append(defaultValue(key)).append(" | ").append(cell(firstSentence(key.documentation))).append(" |\n");
            }
            out.append("\n</details>\n");
        }
        return out.toString().strip() + "\n";
    }

    /** The text between {@code <!-- generated:NAME:start -->} and its end marker (trimmed). */
    public static String section(String document, String name) {
        int[] span = span(document, name);
        return document.substring(span[0], span[1]).strip() + "\n";
    }

    /** {@code document} with the block {@code name} replaced by {@code content}. */
    public static String replaceSection(String document, String name, String content) {
        int[] span = span(document, name);
        return document.substring(0, span[0]) + "\n\n" + content.strip() + "\n\n" + document.substring(span[1]);
    }

    public static String startMarker(String name) {
        return "<!-- generated:" + name + ":start -->";
    }

    public static String endMarker(String name) {
        return "<!-- generated:" + name + ":end -->";
    }

    private static int[] span(String document, String name) {
        int start = document.indexOf(startMarker(name));
        int end = document.indexOf(endMarker(name));
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("No block " + startMarker(name) + " ... " + endMarker(name));
        }
        return new int[] {start + startMarker(name).length(), end};
    }

    private static String type(ConfigDef.ConfigKey key) {
        return key.type.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault() || key.defaultValue == null) {
            return key.hasDefault() ? "(none)" : "**required**";
        }
        Object value = key.defaultValue;
        String text;
        if (value instanceof Password) {
            text = ((Password) value).value();
        } else if (value instanceof List) {
            text = ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
        } else if (value instanceof Class) {
            text = ((Class<?>) value).getName();
        } else {
            text = String.valueOf(value);
        }
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String validValues(ConfigDef.ConfigKey key) {
        String text = key.validator == null ? "" : Objects.toString(key.validator, "");
        return text.isEmpty() || "null".equals(text) ? "" : cell(text);
    }

    private static String firstSentence(String doc) {
        if (doc == null) {
            return "";
        }
        String flat = doc.replaceAll("\\s+", " ").strip();
        int end = flat.indexOf(". ");
        return end < 0 ? flat : flat.substring(0, end + 1);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").strip();
    }
}
