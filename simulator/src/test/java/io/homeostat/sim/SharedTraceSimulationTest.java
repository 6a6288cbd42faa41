package io.homeostat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.Traces;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every policy over both shared traces: the run's own invariants hold (every request answered
 * once, latency >= service, limits respected: {@link Simulation} throws otherwise), and the
 * summary adds up.
 */
class SharedTraceSimulationTest {

    @ParameterizedTest
    @CsvSource({"azure, 1", "azure, 100", "mooncake, 1", "mooncake, 10"})
    void everyPolicyServesEveryRequestOnceAndConsistently(String format, double speed) throws IOException {
        String file = format.equals("azure") ? SharedTraces.AZURE : SharedTraces.MOONCAKE;
        Trace trace = Traces.load(SharedTraces.require(file), TraceFormat.parse(format));
        List<String> policies = BatchPolicies.names().subList(0, 4);
        SimulationReport r = Simulator.run(trace, policies, Map.of("sim.speed", Double.toString(speed)));
        System.out.println(ReportFormat.table(r));
        assertEquals(4, r.results().size());
        for (PolicyResult p : r.results()) {
            assertEquals(trace.records().size(), p.requests());
            assertEquals(p.requests(), p.served() + p.rejected() + p.expired(), p.policy());
            assertTrue(p.p50Ms() <= p.p95Ms() && p.p95Ms() <= p.p99Ms(), p.policy());
            assertTrue(p.p50Ms() > 0);
            assertTrue(p.meanBatchSize() >= 1 && p.meanBatchSize() <= 32, p.policy());
            assertTrue(p.jain() > 0 && p.jain() <= 1, p.policy());
            assertTrue(p.sloAttainment() >= 0 && p.sloAttainment() <= 1);
            assertEquals(4, p.maxWaitMsByTenant().size());
        }
    }
}
