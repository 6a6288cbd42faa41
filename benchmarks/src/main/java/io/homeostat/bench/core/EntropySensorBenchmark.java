package io.homeostat.bench.core;

import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.core.entropy.EntropySensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one arrival through the {@link EntropySensor} (issue 3 goal: at most 50 ns/op), with the
 * default window of 50 arrivals and 1 ms bins, in steady state (window full).
 *
 * <pre>
 *   arrival t ─► gap = t − last ─► bin = gap / 1 ms ─► ring: evict oldest gap, add new one
 *                                                     counts[bin] ±1, S += T[c±1] − T[c]
 *             ─► H = log2 N − S / N                   (update: record + H; record: record only)
 * </pre>
 *
 * Gaps are drawn once (exponential, mean 3 ms, so ~3 bins in use and counts move every arrival)
 * and replayed from a 4096-entry ring so the benchmark measures the sensor, not the random source.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class EntropySensorBenchmark {
    private static final int GAPS = 4096;

    private final long[] gapNs = new long[GAPS];
    private EntropySensor sensor;
    private long now;
    private int i;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < GAPS; k++) {
            gapNs[k] = (long) (-Math.log(1 - rnd.nextDouble()) * 3e6);
        }
        sensor = new EntropySensor(EntropyConfig.defaults());
        for (int k = 0; k < 1000; k++) {
            next();
        }
        if (!sensor.isFull()) {
            throw new IllegalStateException("window not full after warm-up arrivals");
        }
    }

    private void next() {
        now += gapNs[i++ & (GAPS - 1)];
        sensor.record(now);
    }

    /** One arrival and the entropy read the scheduler does after it. */
    @Benchmark
    public double update() {
        next();
        return sensor.entropyBits();
    }

    /** One arrival only. */
    @Benchmark
    public long record() {
        next();
        return now;
    }

    /** {@code java -cp "$CP" io.homeostat.bench.core.EntropySensorBenchmark} */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {EntropySensorBenchmark.class.getSimpleName()});
    }
}
