package io.homeostat.core.policy;

import io.homeostat.core.config.ConfigException;
import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.entropy.WindowConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of batch policies by name (Caffeine simulator's {@code Registry} idea): each entry
 * is a factory from settings plus the keys it reads, so configuration errors name the key.
 *
 * <pre>
 *   entropy  w = w_base exp(-H / tau), clamped      window.base.ms, window.min.ms, window.tau
 *   fixed    constant window                        policy.fixed.window.ms
 *   triton   preferred sizes + max queue delay      policy.triton.preferred.sizes, policy.triton.max.queue.delay.ms
 *   aimd     Clipper AIMD cap against an SLO        policy.aimd.*
 * </pre>
 */
public final class BatchPolicies {
    /** How a registered policy is made. */
    public record Entry(String name, String summary, List<ConfigKey<?>> keys,
                        Function<Map<String, String>, BatchPolicy> factory) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register(new Entry(EntropyPolicy.NAME, "adaptive window w = w_base * exp(-H / tau)", WindowConfig.KEYS,
            EntropyPolicy::from));
        register(new Entry(FixedWindowPolicy.NAME, "constant window", FixedWindowPolicy.KEYS, FixedWindowPolicy::from));
        register(new Entry(TritonPolicy.NAME, "Triton dynamic batcher: preferred sizes + max queue delay",
            TritonPolicy.KEYS, TritonPolicy::from));
        register(new Entry(AimdPolicy.NAME, "Clipper AIMD batch cap against a latency SLO", AimdPolicy.KEYS,
            AimdPolicy::from));
    }

    private BatchPolicies() {
    }

    /** Registers another policy (e.g. an experiment); a name can be registered once. */
    public static synchronized void register(Entry entry) {
        if (REGISTRY.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalArgumentException("a batch policy named '" + entry.name() + "' is already registered");
        }
    }

    /** Registered names, in registration order. */
    public static synchronized List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    public static synchronized Entry entry(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new ConfigException("unknown batch policy '" + name + "'; known: " + String.join(", ", REGISTRY.keySet()));
        }
        return e;
    }

    /** A new instance of policy {@code name} configured from {@code settings} (missing keys take defaults). */
    public static BatchPolicy create(String name, Map<String, String> settings) {
        return entry(name).factory().apply(settings);
    }

    /** Every key any registered policy reads. */
    public static synchronized List<ConfigKey<?>> allKeys() {
        List<ConfigKey<?>> out = new ArrayList<>();
        for (Entry e : REGISTRY.values()) {
            out.addAll(e.keys());
        }
        return out;
    }
}
