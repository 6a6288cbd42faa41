package io.homeostat.scheduler;

import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The scheduling core's settings ({@link ConfigKey}, declared once in {@code core/}) exposed as
 * Kafka {@link ConfigDef} keys, so the scheduler's one definition knows every key (unknown keys
 * are still rejected by {@code ConfigLoader}), documents them in the README table, and validates
 * them with the core's own rule. Nothing is redeclared: name, default, rule and doc come from
 * the {@link ConfigKey}; the value reaches the core as the text the core parses.
 */
final class CoreKeysDef {
    private CoreKeysDef() {
    }

    /** Adds every key in {@code keys} to {@code def} under {@code group}. */
    static ConfigDef define(ConfigDef def, List<ConfigKey<?>> keys, String group) {
        int order = 0;
        for (ConfigKey<?> key : keys) {
            Type type = type(key);
            Object defaultValue = type == Type.LIST ? key.defaultText() : key.defaultValue();
            def.define(key.name(), type, defaultValue, new CoreValidator(key), Importance.MEDIUM, key.doc(), group,
                ++order, ConfigDef.Width.SHORT, key.name());
        }
        return def;
    }

    /** A parsed Kafka config value as the text the core's {@link ConfigKey#from} reads. */
    static String text(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private static Type type(ConfigKey<?> key) {
        switch (key.type()) {
            case "int": return Type.INT;
            case "long": return Type.LONG;
            case "double": return Type.DOUBLE;
            case "boolean": return Type.BOOLEAN;
            case "int list": return Type.LIST;
            default: return Type.STRING;
        }
    }

    /** Runs the core's rule; its message (key, value, rule, doc) becomes Kafka's. */
    private record CoreValidator(ConfigKey<?> key) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be " + key.constraint());
            }
            try {
                key.from(Map.of(name, text(value)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return key.constraint();
        }
    }
}
