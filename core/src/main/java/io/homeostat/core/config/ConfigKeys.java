package io.homeostat.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Helpers over groups of {@link ConfigKey}s. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /**
     * Fails on any key in {@code settings} that starts with one of {@code prefixes} but is not
     * declared in {@code known}: a typo in a setting must not silently fall back to a default.
     */
    public static void rejectUnknown(Map<String, String> settings, Collection<ConfigKey<?>> known, String... prefixes) {
        Set<String> names = known.stream().map(ConfigKey::name).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        for (String k : settings.keySet()) {
            boolean ours = prefixes.length == 0;
            for (String p : prefixes) {
                ours |= k.startsWith(p);
            }
            if (ours && !names.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s) " + new TreeSet<>(unknown) + "; known: " + new TreeSet<>(names));
        }
    }

    /** One line per key: name, type, default, rule, doc. */
    public static String describe(Collection<ConfigKey<?>> keys) {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey<?> k : keys) {
            sb.append(k).append('\n');
        }
        return sb.toString();
    }
}
