package io.homeostat.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, declared once: name, type, default, validation and doc (the Kafka {@code ConfigDef}
 * idea without the Kafka import). Config records in the core declare their keys as constants,
 * validate their fields through {@link #check}, and read a flat {@code Map<String, String>}
 * (CLI {@code --set k=v}, a properties file, Streams properties) through {@link #from}.
 *
 * @param <T> the value type
 */
public final class ConfigKey<T> {
    private final String name;
    private final String type;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Predicate<T> valid;
    private final String constraint;
    private final String doc;

    private ConfigKey(String name, String type, T defaultValue, Function<String, T> parser,
                      Predicate<T> valid, String constraint, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.parser = parser;
        this.valid = valid;
        this.constraint = constraint;
        this.doc = doc;
        this.defaultValue = defaultValue;
        check(defaultValue); // a default that fails its own rule is a programming error
    }

    /** A decimal setting with a validity rule described by {@code constraint} (e.g. "> 0"). */
    public static ConfigKey<Double> decimal(String name, double def, Predicate<Double> valid, String constraint, String doc) {
        Predicate<Double> finite = v -> v != null && Double.isFinite(v) && valid.test(v);
        return new ConfigKey<>(name, "double", def, Double::valueOf, finite, constraint, doc);
    }

    public static ConfigKey<Long> int64(String name, long def, Predicate<Long> valid, String constraint, String doc) {
        return new ConfigKey<>(name, "long", def, s -> Long.valueOf(s.replace("_", "")), v -> v != null && valid.test(v), constraint, doc);
    }

    public static ConfigKey<Integer> int32(String name, int def, Predicate<Integer> valid, String constraint, String doc) {
        return new ConfigKey<>(name, "int", def, s -> Integer.valueOf(s.replace("_", "")), v -> v != null && valid.test(v), constraint, doc);
    }

    public static ConfigKey<Boolean> bool(String name, boolean def, String doc) {
        return new ConfigKey<>(name, "boolean", def, ConfigKey::parseBoolean, Objects::nonNull, "true or false", doc);
    }

    /** A comma-separated list of ints, e.g. {@code "8,16,32"}; empty means none. */
    public static ConfigKey<int[]> intList(String name, int[] def, Predicate<int[]> valid, String constraint, String doc) {
        return new ConfigKey<>(name, "int list", def.clone(), ConfigKey::parseInts, v -> v != null && valid.test(v), constraint, doc);
    }

    public String name() { return name; }
    public String type() { return type; }
    public String doc() { return doc; }
    public String constraint() { return constraint; }

    /** The default value (a copy for arrays). */
    @SuppressWarnings("unchecked")
    public T defaultValue() {
        return defaultValue instanceof int[] a ? (T) a.clone() : defaultValue;
    }

    /** The default as it would be written in a settings map. */
    public String defaultText() {
        return defaultValue instanceof int[] a ? join(a) : String.valueOf(defaultValue);
    }

    /** Returns {@code value} if it satisfies this key's rule, else throws naming key, value and rule. */
    public T check(T value) {
        if (!valid.test(value)) {
            throw new ConfigException(name + " = " + show(value) + ": must be " + constraint + " (" + doc + ")");
        }
        return value;
    }

    /** The value of this key in {@code settings}, or the default when absent; validated. */
    public T from(Map<String, String> settings) {
        String raw = settings.get(name);
        if (raw == null) {
            return defaultValue();
        }
        T parsed;
        try {
            parsed = parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(name + " = '" + raw + "': not a valid " + type + " (" + doc + ")");
        }
        return check(parsed);
    }

    @Override
    public String toString() {
        return name + " (" + type + ", default " + defaultText() + ", " + constraint + "): " + doc;
    }

    private static Boolean parseBoolean(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: throw new IllegalArgumentException(s);
        }
    }

    private static int[] parseInts(String s) {
        if (s.isBlank()) {
            return new int[0];
        }
        return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ",").append(a[i]);
        }
        return sb.toString();
    }

    private static String show(Object v) {
        return v instanceof int[] a ? "'" + join(a) + "'" : String.valueOf(v);
    }
}
