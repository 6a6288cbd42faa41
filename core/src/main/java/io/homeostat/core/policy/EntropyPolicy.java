package io.homeostat.core.policy;

import io.homeostat.core.entropy.AdaptiveWindow;
import io.homeostat.core.entropy.WindowConfig;
import java.util.Map;

/**
 * The seed's policy: cut when the oldest request has waited the adaptive window
 * {@code w = w_base exp(-H / tau)} (clamped), or when the batch is full (DESIGN.md section 3).
 * Settings: {@link WindowConfig#KEYS}.
 */
public final class EntropyPolicy implements BatchPolicy {
    public static final String NAME = "entropy";
    private final AdaptiveWindow window;

    public EntropyPolicy(WindowConfig config) {
        this.window = new AdaptiveWindow(config);
    }

    public static EntropyPolicy from(Map<String, String> settings) {
        return new EntropyPolicy(WindowConfig.from(settings));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CutDecision decide(PolicyInput in) {
        return CutRules.windowed(in, in.limits().maxRequests(), windowNs(in));
    }

    @Override
    public long windowNs(PolicyInput in) {
        return window.windowNs(in.entropyBits());
    }
}
