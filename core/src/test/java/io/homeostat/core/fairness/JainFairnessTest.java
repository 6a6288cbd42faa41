package io.homeostat.core.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class JainFairnessTest {

    @Test
    void textbookValues() {
        assertEquals(1.0, JainFairness.index(new double[] {3, 3, 3}));
        assertEquals(0.25, JainFairness.index(new double[] {1, 0, 0, 0}));
        assertEquals(1.0, JainFairness.index(new double[0]));
        assertEquals(1.0, JainFairness.index(new double[] {0, 0}));
        assertEquals(0.9, JainFairness.index(new double[] {1, 0.5}), 1e-12); // 2.25 / (2 * 1.25)
    }

    @Property
    void liesBetweenOneOverNAndOneAndIsScaleFree(@ForAll @Size(min = 1, max = 50) double[] raw,
                                                 @ForAll @DoubleRange(min = 0.01, max = 100) double scale) {
        double[] x = new double[raw.length];
        double[] y = new double[raw.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(raw[i]) % 1e6;
            y[i] = x[i] * scale;
        }
        double j = JainFairness.index(x);
        assertTrue(j >= 1.0 / x.length - 1e-12 && j <= 1 + 1e-12, "J = " + j);
        assertEquals(j, JainFairness.index(y), 1e-9);
    }

    @Test
    void refusesNegativeAllocations() {
        assertThrows(IllegalArgumentException.class, () -> JainFairness.index(new double[] {1, -1}));
    }

    @Test
    void ledgerMeasuresServiceOverDemandPerInterval() {
        FairnessLedger l = new FairnessLedger();
        for (int i = 0; i < 4; i++) {
            l.onQueued("a");
            l.onQueued("b");
        }
        for (int i = 0; i < 4; i++) {
            l.onDispatched("a", 10);
        }
        l.onDispatched("b", 99);
        l.onDispatched("b", 5);
        // x_a = 4/4 = 1, x_b = 2/4 = 0.5 -> 0.9
        assertEquals(0.9, l.closeInterval(), 1e-12);
        // next interval: b still has 2 queued, a has none and drops out
        assertEquals(1, l.tenants());
        assertEquals(1.0, l.currentIndex()); // all-zero service: equal treatment by convention
        l.onDispatched("b", 1);
        l.onDropped("b");
        assertEquals(1.0, l.closeInterval());
        assertEquals(0, l.tenants());
    }
}
