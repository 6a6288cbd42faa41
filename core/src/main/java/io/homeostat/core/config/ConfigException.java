package io.homeostat.core.config;

/**
 * A setting that is missing its mark: out of range, unparsable, unknown, or in conflict with
 * another setting. The message always names the key(s) and the value(s) involved.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** Two settings that cannot hold together, e.g. a floor above its ceiling. */
    public static ConfigException conflict(String what) {
        return new ConfigException("conflicting settings: " + what);
    }
}
