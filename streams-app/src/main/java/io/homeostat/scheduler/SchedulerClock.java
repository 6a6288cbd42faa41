package io.homeostat.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The scheduler's notion of now, epoch nanoseconds: every arrival, cut, expiry and metrics
 * timestamp is read from it, and the core gets it as an argument (it never reads a clock).
 *
 * <p>Live: {@link #system()}, the wall clock at microsecond resolution, read monotonically
 * (nanoTime since a wall-clock origin), so inter-arrival gaps below a millisecond reach the
 * entropy sensor's 1 ms bins intact. Tests: {@link #streams(ProcessorContext)}, Kafka Streams'
 * own wall clock, which {@code TopologyTestDriver.advanceWallClockTime} moves.
 */
@FunctionalInterface
public interface SchedulerClock {
    long nowNs();

    /** Epoch microseconds. */
    default long nowUs() {
        return nowNs() / 1000;
    }

    /** The same instant as a {@link Clock} (for DeadLetters). */
    default Clock asClock() {
        SchedulerClock self = this;
        return new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() {
                long ns = self.nowNs();
                return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
            }
        };
    }

    /** Wall clock, monotonic between reads, microsecond precision. */
    static SchedulerClock system() {
        Instant origin = Instant.now();
        long originNs = origin.getEpochSecond() * 1_000_000_000L + origin.getNano();
        long originNano = System.nanoTime();
        return () -> originNs + (System.nanoTime() - originNano);
    }

    /** Kafka Streams' wall clock (milliseconds) of {@code context}. */
    static SchedulerClock streams(ProcessorContext<?, ?> context) {
        return () -> context.currentSystemTimeMs() * 1_000_000L;
    }

    /** How each processor gets its clock. */
    @FunctionalInterface
    interface Source {
        SchedulerClock clock(ProcessorContext<?, ?> context);

        /** {@link SchedulerClock#system()}, one per JVM. */
        static Source system() {
            SchedulerClock clock = SchedulerClock.system();
            return context -> clock;
        }

        /** {@link SchedulerClock#streams}. */
        static Source streams() {
            return SchedulerClock::streams;
        }
    }
}
