package io.homeostat.core.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.config.ConfigException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class AdaptiveWindowTest {
    private final AdaptiveWindow window = new AdaptiveWindow(WindowConfig.defaults());

    @Test
    void followsTheSeedLawWithDefaults() {
        assertEquals(50_000_000L, window.windowNs(0));
        assertEquals(Math.round(50e6 * Math.exp(-1)), window.windowNs(5.0));
        assertEquals(Math.round(50e6 * Math.exp(-4.5 / 5)), window.windowNs(4.5));
    }

    @Test
    void isClampedToTheFloor() {
        AdaptiveWindow w = new AdaptiveWindow(new WindowConfig(50, 30, 5));
        assertEquals(30_000_000L, w.windowNs(10));
    }

    @Property
    void isMonotoneAndWithinBounds(@ForAll @DoubleRange(min = 0, max = 20) double h1, @ForAll @DoubleRange(min = 0, max = 20) double h2) {
        long w1 = window.windowNs(Math.min(h1, h2));
        long w2 = window.windowNs(Math.max(h1, h2));
        assertTrue(w1 >= w2);
        assertTrue(w2 >= 1_000_000L && w1 <= 50_000_000L);
    }

    @Test
    void conflictingSettingsNameBothKeys() {
        var e = assertThrows(ConfigException.class,
            () -> WindowConfig.from(Map.of("window.base.ms", "10", "window.min.ms", "20")));
        assertTrue(e.getMessage().contains("window.min.ms") && e.getMessage().contains("window.base.ms"), e.getMessage());
        var bad = assertThrows(ConfigException.class, () -> WindowConfig.from(Map.of("window.tau", "zero")));
        assertTrue(bad.getMessage().contains("window.tau"), bad.getMessage());
    }
}
