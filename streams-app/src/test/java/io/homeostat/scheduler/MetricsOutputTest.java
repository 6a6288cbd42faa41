package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.scheduler.PoolScheduler;
import io.homeostat.core.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metrics interval, one StabilityMetrics per pool with the values the core computes for the
 * same arrivals at the same times (a PoolScheduler driven alongside is the oracle), and the same
 * figures as Prometheus gauges.
 */
class MetricsOutputTest {
    @TempDir
    Path state;

    @Test
    void eachIntervalCarriesThePoolsStabilityFigures() {
        Map<String, String> s = Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "1000",
            "scheduler.metrics.interval.ms", "100");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            SchedulerConfig core = h.config.schedulerConfig();
            PoolScheduler<InferenceRequest> p = new PoolScheduler<>("p", core, BatchPolicies.create("fixed", h.config.coreSettings()));
            PoolScheduler<InferenceRequest> q = new PoolScheduler<>("q", core, BatchPolicies.create("fixed", h.config.coreSettings()));
            int[] gaps = {0, 1, 1, 4, 0, 9, 2, 3};
            for (int i = 0; i < gaps.length; i++) {
                h.advance(gaps[i]);
                InferenceRequest r = h.request("p" + i, "p", i % 3).setTenant("t" + i % 2).build();
                h.send(r);
                p.offer(AvroRecords.request(r, h.nowMs() * 1_000_000L, 16));
                if (i % 3 == 0) {
                    InferenceRequest r2 = h.request("q" + i, "q", 1).build();
                    h.send(r2);
                    q.offer(AvroRecords.request(r2, h.nowMs() * 1_000_000L, 16));
                }
            }
            h.advance(100 - (h.nowMs() - SchedulerHarness.T0_MS));
            long at = h.nowMs() * 1_000_000L;
            List<StabilityMetrics> got = h.metrics();
            assertEquals(List.of(AvroRecords.metrics(p.snapshot(at)), AvroRecords.metrics(q.snapshot(at))), got);
            StabilityMetrics pm = got.get(0);
            assertEquals("p", pm.getPool());
            assertEquals(8, pm.getQueueDepth());
            assertEquals("fixed", pm.getPolicy());
            assertEquals(1000.0, pm.getAdaptiveWindowMs(), 1e-9);
            assertEquals(h.nowUs(), pm.getTimestampUs());
            assertTrue(pm.getQueueingLambda() > 0);
            assertEquals(-1, pm.getFreeBlocks(), "no completion yet");

            String scrape = h.registry.scrape();
            for (String name : SchedulerGauges.NAMES) {
                assertTrue(Pattern.compile("(?m)^" + name + "\\{pool=\"p\",?\\} ").matcher(scrape).find(),
                    name + " for pool p in\n" + scrape);
            }
            assertTrue(Pattern.compile("(?m)^queue_depth\\{pool=\"p\",?\\} 8\\.0$").matcher(scrape).find(), scrape);
            assertTrue(Pattern.compile("(?m)^queue_depth\\{pool=\"q\",?\\} 3\\.0$").matcher(scrape).find(), scrape);

            h.advance(100); // the next interval: one record per pool again, covering 100 ms
            List<StabilityMetrics> next = h.metrics();
            assertEquals(2, next.size());
            assertEquals(100L, next.get(0).getIntervalMs());
        }
    }
}
