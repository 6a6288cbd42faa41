package io.homeostat.core.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EntropySensorTest {
    private static final long MS = 1_000_000L;

    private static EntropySensor sensor(int n, long binNs) {
        return new EntropySensor(EntropyConfig.defaults().withWindow(n, binNs));
    }

    /** Gaps drawn from a mixture: many tiny (same bin), some spread, some huge (idle periods). */
    @Provide
    Arbitrary<List<Long>> gapLists() {
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 999_999)),
            net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 40 * MS)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 300_000 * MS)));
        return gap.list().ofMinSize(0).ofMaxSize(400);
    }

    private static List<Long> times(List<Long> gaps) {
        List<Long> t = new ArrayList<>();
        long now = 1_700_000_000_000_000_000L; // epoch-like nanoseconds
        t.add(now);
        for (long g : gaps) {
            now += g;
            t.add(now);
        }
        return t;
    }

    @Property
    void incrementalEntropyEqualsRecomputationFromScratch(@ForAll("gapLists") List<Long> gaps,
                                                         @ForAll @IntRange(min = 3, max = 120) int n,
                                                         @ForAll @LongRange(min = 1, max = 5 * MS) long binNs) {
        EntropySensor s = sensor(n, binNs);
        List<Long> seen = new ArrayList<>();
        for (long t : times(gaps)) {
            s.record(t);
            seen.add(t);
            assertEquals(NaiveEntropy.of(seen, n, binNs), s.entropyBits(), 1e-9, "after " + seen.size() + " arrivals");
        }
    }

    @Property
    void entropyStaysWithinItsBounds(@ForAll("gapLists") List<Long> gaps, @ForAll @IntRange(min = 3, max = 120) int n) {
        EntropySensor s = sensor(n, MS);
        for (long t : times(gaps)) {
            s.record(t);
            double h = s.entropyBits();
            assertTrue(h >= 0, "H >= 0, was " + h);
            assertTrue(h <= Math.log(n - 1) / Math.log(2) + 1e-12, "H <= log2(n-1), was " + h);
            assertTrue(h <= (s.gaps() < 2 ? 0 : Math.log(s.gaps()) / Math.log(2)) + 1e-12);
        }
    }

    @Property
    void periodicArrivalsGiveExactlyZero(@ForAll @LongRange(min = 0, max = 10_000 * MS) long period,
                                        @ForAll @IntRange(min = 3, max = 200) int n) {
        EntropySensor s = sensor(n, MS);
        for (int i = 0; i < 3 * n; i++) {
            s.record(5 * MS + i * period);
            assertEquals(0.0, s.entropyBits());
        }
        assertEquals(Regime.STABLE, s.regime());
    }

    @Property
    void stateRoundTripResumesIdentically(@ForAll("gapLists") List<Long> gaps, @ForAll("gapLists") List<Long> more) {
        EntropySensor a = sensor(50, MS);
        List<Long> t = times(gaps);
        t.forEach(a::record);
        EntropySensor b = sensor(50, MS);
        b.restore(a.exportState());
        assertEquals(a.entropyBits(), b.entropyBits());
        assertEquals(a.exportState(), b.exportState());
        long last = t.get(t.size() - 1);
        for (long g : more) {
            last += g;
            a.record(last);
            b.record(last);
            assertEquals(a.entropyBits(), b.entropyBits());
        }
    }

    @Test
    void allGapsInDistinctBinsGiveLog2OfTheirCount() {
        EntropySensor s = sensor(5, MS);
        long t = 0;
        s.record(t);
        for (long g : new long[] {0, MS, 2 * MS, 3 * MS}) {
            t += g;
            s.record(t);
        }
        assertTrue(s.isFull());
        assertEquals(2.0, s.entropyBits());
    }

    @Test
    void knownMixtureMatchesHandComputation() {
        // gaps in bins 0,0,1,2 -> p = 1/2, 1/4, 1/4 -> H = 1.5 bits
        EntropySensor s = sensor(5, MS);
        long t = 0;
        s.record(t);
        for (long g : new long[] {10, 999_999, MS, 2 * MS + 5}) {
            t += g;
            s.record(t);
        }
        assertEquals(1.5, s.entropyBits(), 1e-15);
        assertEquals(Regime.TRANSITION, s.regime(), "exactly on the stable threshold is TRANSITION");
    }

    @Test
    void windowSlidesOutOldGaps() {
        EntropySensor s = sensor(3, MS); // two gaps
        s.record(0);
        s.record(5 * MS);
        s.record(7 * MS);
        assertEquals(1.0, s.entropyBits());
        s.record(9 * MS); // window gaps: 2 ms, 2 ms
        assertEquals(0.0, s.entropyBits());
    }

    @Test
    void outOfOrderArrivalCountsAsZeroGap() {
        EntropySensor s = sensor(3, MS);
        s.record(10 * MS);
        s.record(4 * MS);
        assertEquals(new long[] {0}.length, s.gapsNs().length);
        assertEquals(0L, s.gapsNs()[0]);
        assertEquals(10 * MS, s.lastArrivalNs());
    }

    @Test
    void coldStartReadsZeroAndNotFull() {
        EntropySensor s = sensor(50, MS);
        assertEquals(0.0, s.entropyBits());
        assertFalse(s.isFull());
        s.record(1);
        assertEquals(0.0, s.entropyBits());
        assertEquals(1, s.arrivals());
    }

    @Test
    void restoreIntoSmallerWindowKeepsNewestGaps() {
        EntropySensor big = sensor(10, MS);
        for (int i = 0; i < 10; i++) {
            big.record(i * i * MS);
        }
        EntropySensor small = sensor(4, MS);
        small.restore(big.exportState());
        long[] g = big.gapsNs();
        assertEquals(List.of(g[6], g[7], g[8]), List.of(small.gapsNs()[0], small.gapsNs()[1], small.gapsNs()[2]));
    }

    @Test
    void unknownStateVersionIsRefusedWithAClearMessage() {
        EntropySensor s = sensor(10, MS);
        var e = assertThrows(IllegalArgumentException.class,
            () -> s.restore(new EntropySensor.State(99, 0, 0, new long[0])));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void regimesFollowTheThresholds() {
        EntropyConfig c = EntropyConfig.defaults();
        assertEquals(Regime.STABLE, Regime.of(1.49, c));
        assertEquals(Regime.TRANSITION, Regime.of(2.5, c));
        assertEquals(Regime.CRITICAL_BURST, Regime.of(2.51, c));
    }

}
