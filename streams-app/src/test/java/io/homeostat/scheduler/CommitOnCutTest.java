package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.homeostat.avro.Batch;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit asked for after a cut: the thread-wide calendar it consults, its settings, and that it changes no output. */
class CommitOnCutTest {
    @TempDir
    Path state;

    @Test
    void theCalendarGivesTheEarliestDecisionOverTheThreadsNodes() throws Exception {
        ThreadCutCalendar calendar = ThreadCutCalendar.ofCurrentThread();
        assertSame(calendar, ThreadCutCalendar.ofCurrentThread(), "one calendar per thread");
        AtomicLong a = new AtomicLong(50);
        AtomicLong b = new AtomicLong(Long.MAX_VALUE);
        ThreadCutCalendar.Node na = a::get;
        ThreadCutCalendar.Node nb = b::get;
        calendar.join(na);
        calendar.join(nb);
        try {
            assertEquals(50, calendar.earliestDecisionNs());
            b.set(20);
            assertEquals(20, calendar.earliestDecisionNs(), "read at each call, not cached");
            calendar.leave(nb);
            assertEquals(50, calendar.earliestDecisionNs());
            ThreadCutCalendar[] other = new ThreadCutCalendar[1];
            Thread t = new Thread(() -> other[0] = ThreadCutCalendar.ofCurrentThread());
            t.start();
            t.join();
            assertEquals(Long.MAX_VALUE, other[0].earliestDecisionNs(), "another thread's calendar is its own");
        } finally {
            calendar.leave(na);
            calendar.leave(nb);
        }
    }

    @Test
    void settingsAreValidated() {
        Map<String, String> base = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092"));
        assertEquals(0L, new SchedulerAppConfig(base).commitOnCutMinIntervalMs(), "off by default");
        assertEquals(3L, new SchedulerAppConfig(base).commitOnCutGuardMs());
        base.put(SchedulerAppConfig.COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG, "-1");
        assertThrows(ConfigException.class, () -> new SchedulerAppConfig(base));
        base.put(SchedulerAppConfig.COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG, "5");
        base.put(SchedulerAppConfig.COMMIT_ON_CUT_GUARD_MS_CONFIG, "1001");
        assertThrows(ConfigException.class, () -> new SchedulerAppConfig(base));
    }

    /** Two pools, window cuts and full cuts, with and without commits asked for after cuts. */
    List<Batch> run(Map<String, String> extra, String dir) {
        Map<String, String> s = new HashMap<>(Map.of("scheduler.policy", "fixed", "policy.fixed.window.ms", "7",
            "batch.max.requests", "3"));
        s.putAll(extra);
        try (SchedulerHarness h = new SchedulerHarness(s, state.resolve(dir))) {
            for (int i = 0; i < 20; i++) {
                h.send(h.request("r" + i, i % 3 == 0 ? "b" : "a", i % 4));
                h.advance(i % 5);
            }
            h.advance(50);
            return h.batches();
        }
    }

    @Test
    void askingForCommitsAfterCutsChangesNoBatch() {
        List<Batch> off = run(Map.of(), "off");
        List<Batch> on = run(Map.of(SchedulerAppConfig.COMMIT_ON_CUT_MIN_INTERVAL_MS_CONFIG, "1",
            SchedulerAppConfig.COMMIT_ON_CUT_GUARD_MS_CONFIG, "0"), "on");
        assertEquals(off.stream().map(Batch::getBatchId).toList(), on.stream().map(Batch::getBatchId).toList());
        assertEquals(20, on.stream().mapToInt(b -> b.getRequests().size()).sum(), "every request in a batch");
        assertEquals(off, on);
    }
}
