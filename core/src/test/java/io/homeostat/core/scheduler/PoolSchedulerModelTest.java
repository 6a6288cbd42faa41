package io.homeostat.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.core.Request;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.queue.Dropped;
import io.homeostat.core.state.PayloadCodec;
import io.homeostat.core.state.PoolStateCodec;
import io.homeostat.core.state.QueueEntryCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Drives a scheduler the way the Streams processor will: persisting queue entries by seq, removing
 * them on dispatch and drop, feeding completions from a fake worker. Checks that every request is
 * answered exactly once, and that a restore from the persisted bytes continues exactly like the
 * original.
 */
class PoolSchedulerModelTest {
    private static final long MS = 1_000_000L;
    private static final PayloadCodec<String> STRINGS = new PayloadCodec<>() {
        @Override
        public byte[] encode(String p) {
            return p.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
    };

    /** The "state store" of a driver plus a single-server worker. */
    static final class Driver {
        final TreeMap<Long, byte[]> entryStore = new TreeMap<>();
        final QueueEntryCodec<String> codec = new QueueEntryCodec<>(STRINGS);
        final List<String> log = new ArrayList<>();
        final Set<String> answered = new HashSet<>();
        PoolScheduler<String> scheduler;
        final ArrayList<ScheduledBatch<String>> workerQueue = new ArrayList<>();
        long workerFreeAt = Long.MIN_VALUE;

        Driver(PoolScheduler<String> s) {
            scheduler = s;
        }

        void answer(String id, String how) {
            assertTrue(answered.add(id), id + " answered twice");
            log.add(id + ":" + how);
        }

        void offer(Request<String> r) {
            OfferResult<String> o = scheduler.offer(r);
            if (o.queued()) {
                entryStore.put(o.seq(), codec.encode(new AgedPriorityQueue.Entry<>(o.seq(), r)));
            }
            dropped(o.dropped());
            if (o.cutDue()) {
                tick(r.arrivalNs());
            }
        }

        void dropped(List<Dropped<String>> ds) {
            for (Dropped<String> d : ds) {
                if (d.seq() >= 0) {
                    assertTrue(entryStore.remove(d.seq()) != null, "dropped entry was persisted");
                }
                answer(d.request().id(), d.reason().name());
            }
        }

        long tick(long now) {
            TickResult<String> t = scheduler.tick(now);
            dropped(t.dropped());
            for (ScheduledBatch<String> b : t.batches()) {
                log.add("batch " + b.sequence() + " " + b.reason() + " " + b.size() + " @" + b.cutNs());
                for (DispatchedRequest<String> d : b.requests()) {
                    assertTrue(entryStore.remove(d.seq()) != null);
                    assertTrue(d.waitNs() >= 0);
                    assertEquals("payload-" + d.request().id(), d.request().payload());
                    answer(d.request().id(), "batch" + b.sequence());
                }
                workerQueue.add(b);
            }
            return t.nextDecisionNs();
        }

        void work(long now) {
            while (!workerQueue.isEmpty()) {
                ScheduledBatch<String> b = workerQueue.get(0);
                long start = Math.max(workerFreeAt, b.cutNs());
                long done = start + (5 + 2L * b.size()) * MS;
                if (done > now) {
                    return;
                }
                workerQueue.remove(0);
                workerFreeAt = done;
                scheduler.onCompletion(new CompletionReport(b.sequence(), b.size(), done - start, b.blocks(),
                    400, 50, 500));
                log.add("done " + b.sequence());
            }
        }

        void restartFromStore(SchedulerConfig cfg, String policy, Map<String, String> settings) {
            byte[] state = PoolStateCodec.encode(scheduler.exportState());
            List<AgedPriorityQueue.Entry<String>> entries = new ArrayList<>();
            entryStore.values().forEach(bytes -> entries.add(codec.decode(bytes)));
            PoolScheduler.Restored<String> r = PoolScheduler.restore(cfg, BatchPolicies.create(policy, settings),
                PoolStateCodec.decode(state), entries);
            assertTrue(r.shed().isEmpty());
            scheduler = r.scheduler();
        }
    }

    @Provide
    Arbitrary<String> policies() {
        return Arbitraries.of(BatchPolicies.names().subList(0, 4));
    }

    @Property(tries = 60)
    void everyRequestIsAnsweredOnceAndARestoreContinuesIdentically(@ForAll long seed,
                                                                   @ForAll @From("policies") String policy) {
        Map<String, String> settings = new HashMap<>(Map.of("queue.max.requests", "40", "batch.max.requests", "8",
            "controller.eviction.throttle.ms", "100"));
        SchedulerConfig cfg = SchedulerConfig.from(settings);
        Random rnd = new Random(seed);
        Driver plain = new Driver(new PoolScheduler<>("p", cfg, BatchPolicies.create(policy, settings)));
        Driver restarted = new Driver(new PoolScheduler<>("p", cfg, BatchPolicies.create(policy, settings)));
        long now = 1_700_000_000_000L * MS;
        int n = 0;
        int restartAt = 50 + rnd.nextInt(300);
        for (int step = 0; step < 600; step++) {
            now += rnd.nextInt(4) == 0 ? rnd.nextInt(200) * MS : rnd.nextInt(3) * MS;
            if (step == restartAt) {
                restarted.restartFromStore(cfg, policy, settings);
            }
            for (Driver d : List.of(plain, restarted)) {
                d.work(now);
            }
            if (rnd.nextInt(3) > 0) {
                String id = "r" + n++;
                long deadline = rnd.nextInt(5) == 0 ? now + rnd.nextInt(300) * MS : Request.NO_DEADLINE;
                Request<String> r = new Request<>(id, "t" + rnd.nextInt(3), rnd.nextInt(4), now, 1 + rnd.nextInt(500),
                    1 + rnd.nextInt(100), 1 + rnd.nextInt(20), deadline, "payload-" + id);
                plain.offer(r);
                restarted.offer(r);
            }
            plain.tick(now);
            restarted.tick(now);
            assertEquals(plain.log, restarted.log, "restored scheduler diverged at step " + step);
        }
        // finish: keep ticking and working until everything is answered
        for (int i = 0; i < 100_000 && plain.answered.size() < n; i++) {
            now += 5 * MS;
            plain.work(now);
            plain.tick(now);
        }
        assertEquals(n, plain.answered.size(), "every request answered exactly once");
        assertTrue(plain.entryStore.isEmpty(), "no persisted entry left behind");
    }
}
