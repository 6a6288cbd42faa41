package io.homeostat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.scheduler.SchedulerConfig;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.TraceRecord;
import io.homeostat.sim.trace.Traces;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every policy over both shared traces, checked from outside the simulation's own bookkeeping: from
 * the batches the simulated worker executed (start, end, members) and the service model alone.
 *
 * <pre>
 *   executed batches ─► each request in exactly one batch (served once; these runs drop nothing)
 *                    ─► batch time = S(B, tokens) of the model; a pool's batches never overlap
 *                    ─► a batch starts after each member arrived
 *                    ─► latency = batch end − arrival ≥ the batch's service time ≥ S(1, own tokens)
 *                    ─► the report's served count, SLO attainment and mean batch size recomputed
 * </pre>
 */
class SharedTraceOutsideCheckTest {

    @ParameterizedTest
    @CsvSource({"azure, 1", "azure, 100", "mooncake, 1", "mooncake, 10"})
    void everyRequestServedOnceWithLatencyAtLeastItsServiceTime(String format, double speed) throws IOException {
        String file = format.equals("azure") ? SharedTraces.AZURE : SharedTraces.MOONCAKE;
        Trace trace = Traces.load(SharedTraces.require(file), TraceFormat.parse(format));
        List<TraceRecord> sorted = trace.sortedByArrival();
        Map<String, String> settings = Map.of("sim.speed", Double.toString(speed));
        SimulatorConfig config = SimulatorConfig.from(settings);
        ServiceModel model = config.service();
        List<Request<Integer>> requests = Simulation.requests(sorted, config,
            SchedulerConfig.from(settings).controller().blockSizeTokens());
        int n = requests.size();
        assertEquals(trace.records().size(), n);
        for (String policy : BatchPolicies.names()) {
            List<Simulation.ExecutedBatch> batches = new ArrayList<>();
            PolicyResult result = Simulation.run(sorted, policy, settings, config, batches::add);
            int[] times = new int[n];
            long[] latency = new long[n];
            Map<String, Long> poolFreeAt = new HashMap<>();
            for (Simulation.ExecutedBatch b : batches) {
                long tokens = 0;
                for (int m : b.members()) {
                    tokens += requests.get(m).tokens();
                }
                assertEquals(tokens, b.tokens(), policy + ": batch tokens");
                long service = b.doneNs() - b.startNs();
                assertEquals(model.serviceNs(b.members().length, tokens), service, policy + ": batch time is S(B, tokens)");
                long free = poolFreeAt.getOrDefault(b.pool(), Long.MIN_VALUE);
                assertTrue(b.startNs() >= free, policy + ": a batch started before the previous one finished");
                poolFreeAt.put(b.pool(), b.doneNs());
                for (int m : b.members()) {
                    Request<Integer> r = requests.get(m);
                    times[m]++;
                    assertTrue(b.startNs() >= r.arrivalNs(), policy + ": " + r.id() + " executed before it arrived");
                    latency[m] = b.doneNs() - r.arrivalNs();
                    assertTrue(latency[m] >= service, policy + ": " + r.id() + " latency below its batch's service time");
                    assertTrue(latency[m] >= model.serviceNs(1, r.tokens()),
                        policy + ": " + r.id() + " latency below S(1, its own tokens)");
                }
            }
            for (int k = 0; k < n; k++) {
                assertEquals(1, times[k], policy + ": request " + requests.get(k).id() + " executed " + times[k] + " times");
            }
            assertEquals(n, result.served(), policy);
            assertEquals(0, result.rejected() + result.expired(), policy);
            long slo = Math.round(config.sloMs() * 1e6);
            long within = Arrays.stream(latency).filter(l -> l <= slo).count();
            assertEquals(within / (double) n, result.sloAttainment(), 1e-12, policy + ": SLO attainment");
            assertEquals(n / (double) batches.size(), result.meanBatchSize(), 1e-9, policy + ": mean batch size");
            long[] sortedLatency = latency.clone();
            Arrays.sort(sortedLatency);
            assertTrue(result.p50Ms() * 1e6 >= sortedLatency[0] - 1 && result.p99Ms() * 1e6 <= sortedLatency[n - 1] + 1,
                policy + ": percentiles outside the latencies");
        }
    }
}
