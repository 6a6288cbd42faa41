package io.homeostat.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Loads settings: a properties file (optional), then {@code key=value} overrides (command line),
 * later wins. Every key must be declared in the component's {@link ConfigDef}: an unknown key
 * is an error that names it, where it came from, and the closest known key.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param file a properties file, or null
     * @param overrides {@code key=value} strings
     * @return the raw settings, every key known to {@code def} (values are parsed and validated
     *     when the config class is built from them)
     */
    public static Map<String, String> load(ConfigDef def, Path file, List<String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
            checkKnown(def, fromFile, "file " + file);
            settings.putAll(fromFile);
        }
        Map<String, String> fromArgs = parseOverrides(overrides);
        checkKnown(def, fromArgs, "override");
        settings.putAll(fromArgs);
        return settings;
    }

    /** A properties file as a map. */
    public static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(key -> map.put(key, props.getProperty(key).trim()));
        return map;
    }

    /** {@code key=value} strings as a map; the value may be empty and may contain '='. */
    public static Map<String, String> parseOverrides(List<String> overrides) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String override : overrides == null ? List.<String>of() : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Override '" + override + "' is not key=value");
            }
            map.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return map;
    }

    /** Fails on the first key {@code def} does not declare. */
    public static void checkKnown(ConfigDef def, Map<String, ?> settings, String source) {
        for (String key : settings.keySet()) {
            if (!def.configKeys().containsKey(key)) {
                String hint = closest(def, key).map(k -> " Did you mean '" + k + "'?").orElse("");
                throw new ConfigException("Unknown configuration key '" + key + "' (" + source + ")." + hint);
            }
        }
    }

    private static Optional<String> closest(ConfigDef def, String key) {
        return def.names().stream()
            .min(Comparator.comparingInt((String known) -> distance(known, key)).thenComparing(known -> known))
            .filter(known -> distance(known, key) <= Math.max(2, key.length() / 4));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
