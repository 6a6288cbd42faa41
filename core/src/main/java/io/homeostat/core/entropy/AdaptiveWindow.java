package io.homeostat.core.entropy;

import io.homeostat.core.time.Durations;

/**
 * The seed's control law: the batching window shrinks as inter-arrival entropy grows,
 * {@code w = w_base * exp(-H / tau)}, clamped to {@code [w_min, w_base]} (DESIGN.md section 3;
 * the closed form of {@code dw/dt = -(w / tau) dH/dt}). Bursty traffic (high H) fills batches
 * fast, so the batcher waits less; regular traffic (low H) gets the full window.
 */
public final class AdaptiveWindow {
    private final WindowConfig config;
    private final long baseNs;
    private final long minNs;

    public AdaptiveWindow(WindowConfig config) {
        this.config = config;
        this.baseNs = Durations.msToNanos(config.baseMs());
        this.minNs = Durations.msToNanos(config.minMs());
    }

    public WindowConfig config() {
        return config;
    }

    /** The window for entropy {@code hBits}, whole nanoseconds. Monotone non-increasing in H. */
    public long windowNs(double hBits) {
        double h = Double.isNaN(hBits) || hBits < 0 ? 0 : hBits;
        long w = Math.round(baseNs * Math.exp(-h / config.tau()));
        return Math.max(minNs, Math.min(baseNs, w));
    }
}
