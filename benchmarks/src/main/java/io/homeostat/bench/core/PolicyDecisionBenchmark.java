package io.homeostat.bench.core;

import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.policy.BatchPolicy;
import io.homeostat.core.policy.CutDecision;
import io.homeostat.core.policy.MutablePolicyInput;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link BatchPolicy#decide} per op for each registered policy with its default settings
 * (issue 3 goal: at most 1 us per decision).
 *
 * <pre>
 *   PolicyInput (now, queue 10 requests / 5,000 tokens / 40 blocks, oldest arrival, H, S(B), limits)
 *        ─► policy.decide ─► CutDecision (cut now with a size, or wait until t)
 * </pre>
 *
 * The decision time walks over 64 points 0..63 ms after the oldest arrival and H over 8 values in
 * [0, 5.6] bits, so every policy takes both its waiting and its cutting branch and nothing folds to
 * a constant. AIMD is first fed 100 completions so its cap is past the cold start.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class PolicyDecisionBenchmark {
    private static final long OLDEST_NS = 1_000_000_000L;

    @Param({"entropy", "fixed", "triton", "aimd"})
    public String policy;

    private BatchPolicy p;
    private MutablePolicyInput in;
    private int i;

    @Setup
    public void setUp() {
        p = BatchPolicies.create(policy, Map.of());
        for (int k = 0; k < 100; k++) {
            p.onCompletion(8 + (k % 8), 20_000_000L + 500_000L * (k % 8));
        }
        in = new MutablePolicyInput().queueSize(10).queuedTokens(5_000).queuedBlocks(40).oldestArrival(OLDEST_NS)
            .latestArrival(OLDEST_NS + 500_000).blockBudget(4_096).service(25e6, 0.5e6);
    }

    @Benchmark
    public CutDecision decide() {
        int k = i++;
        in.now(OLDEST_NS + (k & 63) * 1_000_000L).entropy(((k >>> 6) & 7) * 0.8);
        return p.decide(in);
    }

    /** {@code java -cp "$CP" io.homeostat.bench.core.PolicyDecisionBenchmark} */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {PolicyDecisionBenchmark.class.getSimpleName()});
    }
}
