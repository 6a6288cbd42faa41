package io.homeostat.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import io.homeostat.sim.trace.TraceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final long MS = 1_000_000L;

    private static List<TraceRecord> periodic(int n, long gapNs, int prompt, int output) {
        List<TraceRecord> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(TraceRecord.basic(i, i + 1, 5_000 * MS + i * gapNs, prompt, output));
        }
        return r;
    }

    private static Map<String, String> settings(String... kv) {
        Map<String, String> s = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        return s;
    }

    @Test
    void latencyIsWindowPlusServiceWhenTheWorkerIsIdle() {
        // one request every 100 ms, fixed 10 ms window, S = 25 + 0.5 + 0.002 * 100 = 25.7 ms
        Map<String, String> s = settings("policy.fixed.window.ms", "10");
        PolicyResult r = Simulation.run(periodic(200, 100 * MS, 60, 40), "fixed", s, SimulatorConfig.from(s));
        assertEquals(200, r.served());
        assertEquals(35.7, r.p50Ms(), 1e-9);
        assertEquals(35.7, r.p99Ms(), 1e-9);
        assertEquals(1.0, r.meanBatchSize());
        assertEquals(1.0, r.sloAttainment());
        assertEquals(10.0, r.p99WaitMs(), 1e-9);
    }

    @Test
    void decisionsWaitForTheTickGrid() {
        // arrivals 0.5 ms past each 100 ms; window 10 ms -> due at x10.5, cut on the next 1 ms tick (x11): waited 10.5
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(TraceRecord.basic(i, i + 1, i * 100 * MS + (i == 0 ? 0 : MS / 2), 60, 40));
        }
        Map<String, String> s = settings("policy.fixed.window.ms", "10");
        PolicyResult r = Simulation.run(records, "fixed", s, SimulatorConfig.from(s));
        assertEquals(10.5, r.p99WaitMs(), 1e-9);
        Map<String, String> exact = settings("policy.fixed.window.ms", "10", "sim.tick.ms", "0");
        assertEquals(10.0, Simulation.run(records, "fixed", exact, SimulatorConfig.from(exact)).p99WaitMs(), 1e-9);
    }

    @Test
    void speedDividesEveryGap() {
        List<Request<Integer>> r = Simulation.requests(periodic(3, 1000 * MS, 1, 1), SimulatorConfig.from(
            settings("sim.speed", "10")), 16);
        assertEquals(List.of(0L, 100 * MS, 200 * MS), r.stream().map(Request::arrivalNs).toList());
    }

    @Test
    void overloadIsShedWithTheQueueBoundAndAccountedFor() {
        Map<String, String> s = settings("queue.max.requests", "50", "sim.service.a.ms", "500");
        PolicyResult r = Simulation.run(periodic(2_000, MS, 10, 10), "triton", s, SimulatorConfig.from(s));
        assertTrue(r.rejected() > 1_000, "rejected " + r.rejected());
        assertEquals(2_000, r.served() + r.rejected() + r.expired());
        assertTrue(r.sloAttainment() < 0.5);
    }

    @Test
    void deadlinesFromTheTraceExpire() {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(new TraceRecord(i, i + 1, i * MS, 10, 10, null, null, null, Double.NaN, i * MS + 30 * MS, null,
                null, null, null, null, null));
        }
        Map<String, String> s = settings("sim.service.a.ms", "200", "scheduler.max.inflight.batches", "1");
        PolicyResult r = Simulation.run(records, "fixed", s, SimulatorConfig.from(s));
        assertTrue(r.expired() > 0, "expired " + r.expired());
        assertEquals(100, r.served() + r.rejected() + r.expired());
    }

    @Test
    void tenantRuleFollowsItsSharesAndIsDeterministic() {
        TenantAssignment a = new TenantAssignment(42);
        int[] counts = new int[4];
        for (int i = 0; i < 100_000; i++) {
            counts[a.slot(i)]++;
        }
        assertEquals(40_000, counts[0], 600);
        assertEquals(30_000, counts[1], 600);
        assertEquals(20_000, counts[2], 600);
        assertEquals(10_000, counts[3], 600);
        assertEquals(a.tenant(7, null), new TenantAssignment(42).tenant(7, null));
        assertEquals("mine", a.tenant(7, "mine"));
        assertEquals(1.0, a.bid(7, "mine", Double.NaN));
        assertEquals(2.5, a.bid(7, null, 2.5));
        assertEquals(a.slot(9) + 1.0, a.bid(9, null, Double.NaN));
    }
}
