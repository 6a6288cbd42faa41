package io.homeostat.core.entropy;

import io.homeostat.core.config.ConfigException;
import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@link AdaptiveWindow}: {@code w = w_base * exp(-H / tau)} clamped to
 * {@code [w_min, w_base]}.
 *
 * @param baseMs {@code w_base}, the window at H = 0, milliseconds
 * @param minMs  {@code w_min}, the floor, milliseconds
 * @param tau    entropy-to-window time constant, bits
 */
public record WindowConfig(double baseMs, double minMs, double tau) {

    public static final ConfigKey<Double> BASE_MS = ConfigKey.decimal("window.base.ms", 50.0,
        v -> v > 0, "> 0", "batching window at H = 0 (w_base), milliseconds");
    public static final ConfigKey<Double> MIN_MS = ConfigKey.decimal("window.min.ms", 1.0,
        v -> v >= 0, ">= 0", "floor of the adaptive window (w_min), milliseconds");
    public static final ConfigKey<Double> TAU = ConfigKey.decimal("window.tau", 5.0,
        v -> v > 0, "> 0", "tau in w = w_base * exp(-H / tau), bits");

    public static final List<ConfigKey<?>> KEYS = List.of(BASE_MS, MIN_MS, TAU);

    public WindowConfig {
        BASE_MS.check(baseMs);
        MIN_MS.check(minMs);
        TAU.check(tau);
        if (minMs > baseMs) {
            throw ConfigException.conflict(MIN_MS.name() + " (" + minMs + ") > " + BASE_MS.name() + " (" + baseMs
                + "): the window's floor must not exceed its base");
        }
    }

    public static WindowConfig defaults() {
        return from(Map.of());
    }

    public static WindowConfig from(Map<String, String> settings) {
        return new WindowConfig(BASE_MS.from(settings), MIN_MS.from(settings), TAU.from(settings));
    }
}
