package io.homeostat.core.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ServiceTimeFitTest {

    /**
     * GPU-like service curves: a fixed cost a of 20-200 ms and a per-request slope b of a/40 to a/4,
     * with 2 % multiplicative noise; the controller's default forgetting factor (0.999).
     */
    @Property(tries = 50)
    void recoversInterceptAndSlopeWithinFivePercent(@ForAll @DoubleRange(min = 20, max = 200) double a,
                                                   @ForAll @DoubleRange(min = 0.025, max = 0.25) @net.jqwik.api.constraints.Scale(4) double slopeShare,
                                                   @ForAll long seed) {
        double b = a * slopeShare;
        ServiceTimeFit fit = new ServiceTimeFit(10, 1, ControllerConfig.defaults().rlsForgetting());
        Random rnd = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            int batch = 1 + rnd.nextInt(32);
            double s = a + b * batch;
            fit.add(batch, s * (1 + 0.02 * rnd.nextGaussian())); // 2 % multiplicative noise
        }
        assertEquals(a, fit.interceptMs(), 0.05 * a);
        assertEquals(b, fit.slopeMs(), 0.05 * b);
    }

    @Test
    void startsAtThePriorAndStaysNearItWithoutExcitation() {
        ServiceTimeFit fit = new ServiceTimeFit(10, 1, 0.995);
        assertEquals(11.0, fit.serviceMs(1));
        for (int i = 0; i < 1000; i++) {
            fit.add(8, 50); // a + 8 b = 50 is all the data can say
        }
        assertEquals(50, fit.serviceMs(8), 1e-6);
        assertEquals(0, fit.samples() - 1000);
    }

    @Test
    void ignoresNonsense() {
        ServiceTimeFit fit = new ServiceTimeFit(10, 1, 0.995);
        fit.add(0, 5);
        fit.add(3, Double.NaN);
        fit.add(3, -1);
        assertEquals(0, fit.samples());
    }
}
