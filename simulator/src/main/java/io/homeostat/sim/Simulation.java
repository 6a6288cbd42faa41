package io.homeostat.sim;

import io.homeostat.core.Request;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.queue.DropReason;
import io.homeostat.core.queue.Dropped;
import io.homeostat.core.scheduler.DispatchedRequest;
import io.homeostat.core.scheduler.OfferResult;
import io.homeostat.core.scheduler.PoolScheduler;
import io.homeostat.core.scheduler.ScheduledBatch;
import io.homeostat.core.scheduler.SchedulerConfig;
import io.homeostat.core.scheduler.StabilityState;
import io.homeostat.core.scheduler.TickResult;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.sim.trace.TraceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A discrete-event replay of a trace through one batch policy, in virtual time, with the same
 * {@link PoolScheduler} the Streams application runs.
 *
 * <pre>
 *   events, earliest first (ties: completion, arrival, decision, metrics)
 *     completion ─► worker reports S, blocks, pool ─► scheduler.onCompletion ─► decision at next tick
 *     arrival    ─► scheduler.offer (drops recorded)                        ─► decision at next tick
 *     decision   ─► scheduler.tick(now): batches ─► worker FIFO; next decision = policy's, on the tick grid
 *     metrics    ─► scheduler.snapshot (fairness, H, window per interval)
 * </pre>
 *
 * Pools are independent (one task and one worker each), so each pool is simulated on its own.
 * When it finishes, the run checks its own invariants (every request answered exactly once,
 * latency at least the service time, batch limits respected) and throws if one is broken.
 */
public final class Simulation {
    private static final byte NONE = 0;
    private static final byte SERVED = 1;
    private static final byte REJECTED = 2;
    private static final byte EXPIRED = 3;

    private final List<Request<Integer>> requests;
    private final String policy;
    private final Map<String, String> settings;
    private final SimulatorConfig config;
    private final SchedulerConfig schedulerConfig;
    private final byte[] status;
    private final long[] latencyNs;
    private final long[] waitNs;
    private final long[] serviceNs;
    private final List<Double> jain = new ArrayList<>();
    private final List<Double> entropy = new ArrayList<>();
    private final List<Double> window = new ArrayList<>();
    private final Map<String, Long> maxWaitByTenant = new TreeMap<>();
    private long batches;
    private long busyNs;
    private long lastCompletionNs;
    private java.util.function.Consumer<ExecutedBatch> executed;

    private Simulation(List<Request<Integer>> requests, String policy, Map<String, String> settings, SimulatorConfig config) {
        this.requests = requests;
        this.policy = policy;
        this.settings = settings;
        this.config = config;
        this.schedulerConfig = SchedulerConfig.from(settings);
        int n = requests.size();
        status = new byte[n];
        latencyNs = new long[n];
        waitNs = new long[n];
        serviceNs = new long[n];
    }

    /**
     * Runs {@code policy} over {@code sorted} (records in time order on the trace's own time line).
     * Scheduler and policy settings come from {@code settings}; simulation settings from {@code config}.
     */
    public static PolicyResult run(List<TraceRecord> sorted, String policy, Map<String, String> settings,
                                   SimulatorConfig config) {
        return run(sorted, policy, settings, config, null);
    }

    /**
     * One executed batch as the simulated worker ran it, for tests that check a run from outside.
     *
     * @param pool    its pool
     * @param startNs when the worker started it
     * @param doneNs  when it completed
     * @param members indices (into the time-sorted records) of the requests it carried
     * @param tokens  prompt + output tokens it carried
     */
    record ExecutedBatch(String pool, long startNs, long doneNs, int[] members, long tokens) {
    }

    /** Like {@link #run(List, String, Map, SimulatorConfig)}, and hands every executed batch to {@code executed}. */
    static PolicyResult run(List<TraceRecord> sorted, String policy, Map<String, String> settings, SimulatorConfig config,
                            java.util.function.Consumer<ExecutedBatch> executed) {
        long wallStart = System.nanoTime();
        Simulation s = new Simulation(requests(sorted, config, SchedulerConfig.from(settings).controller().blockSizeTokens()),
            policy, settings, config);
        s.executed = executed;
        Map<String, List<Integer>> pools = new LinkedHashMap<>();
        for (int k = 0; k < sorted.size(); k++) {
            String pool = sorted.get(k).pool() == null ? "default" : sorted.get(k).pool();
            pools.computeIfAbsent(pool, p -> new ArrayList<>()).add(k);
        }
        for (Map.Entry<String, List<Integer>> e : pools.entrySet()) {
            s.runPool(e.getKey(), e.getValue());
        }
        s.verify();
        return s.summary((System.nanoTime() - wallStart) / 1e6);
    }

    /** Maps records to core requests: rebased to 0 and sped up, tenant and bid assigned by the seeded rule. */
    static List<Request<Integer>> requests(List<TraceRecord> sorted, SimulatorConfig config, int blockSize) {
        List<Request<Integer>> out = new ArrayList<>(sorted.size());
        if (sorted.isEmpty()) {
            return out;
        }
        TenantAssignment assign = new TenantAssignment(config.seed());
        long first = sorted.get(0).arrivalNs();
        for (int k = 0; k < sorted.size(); k++) {
            TraceRecord r = sorted.get(k);
            long arrival = scale(r.arrivalNs() - first, config.speed());
            long deadline = r.deadlineNs() == Request.NO_DEADLINE ? Request.NO_DEADLINE
                : arrival + scale(r.deadlineNs() - r.arrivalNs(), config.speed());
            String id = r.requestId() != null ? r.requestId() : "r" + r.index();
            String tenant = assign.tenant(r.index(), r.tenant());
            double bid = assign.bid(r.index(), r.tenant(), r.bid());
            out.add(new Request<>(id, tenant, bid, arrival, r.promptTokens(), r.outputTokens(),
                Request.blocksFor(r.promptTokens(), r.outputTokens(), blockSize), deadline, k));
        }
        return out;
    }

    static long scale(long deltaNs, double speed) {
        return speed == 1.0 ? deltaNs : Math.round(deltaNs / speed);
    }

    private long ceilTick(long t) {
        long tick = Math.round(config.tickMs() * 1e6);
        if (tick <= 0 || t == Long.MAX_VALUE) {
            return t;
        }
        long q = Math.floorDiv(t, tick);
        return q * tick == t ? t : (q + 1) * tick;
    }

    private void runPool(String pool, List<Integer> members) {
        PoolScheduler<Integer> scheduler = new PoolScheduler<>(pool, schedulerConfig, BatchPolicies.create(policy, settings));
        SimulatedWorker worker = new SimulatedWorker(config.service(), config.workerKvBlocks());
        long interval = Math.round(config.metricsIntervalMs() * 1e6);
        long metricsAt = interval;
        long decisionAt = Long.MAX_VALUE;
        int i = 0;
        int n = members.size();
        while (true) {
            long tArrival = i < n ? requests.get(members.get(i)).arrivalNs() : Long.MAX_VALUE;
            long tDone = worker.doneNs();
            boolean busy = i < n || !worker.idle() || !scheduler.queue().isEmpty();
            long tMetrics = busy ? metricsAt : Long.MAX_VALUE;
            long t = Math.min(Math.min(tArrival, tDone), Math.min(decisionAt, tMetrics));
            if (t == Long.MAX_VALUE) {
                break;
            }
            if (tDone == t) {
                ScheduledBatch<Integer> b = worker.running();
                long start = worker.startNs();
                CompletionReport report = worker.complete();
                finish(b, start, t);
                scheduler.onCompletion(report);
                decisionAt = Math.min(decisionAt, ceilTick(t));
            } else if (tArrival == t) {
                OfferResult<Integer> o = scheduler.offer(requests.get(members.get(i++)));
                record(o.dropped());
                decisionAt = Math.min(decisionAt, ceilTick(t));
            } else if (decisionAt == t) {
                TickResult<Integer> r = scheduler.tick(t);
                record(r.dropped());
                for (ScheduledBatch<Integer> b : r.batches()) {
                    check(b.size() >= 1 && b.size() <= schedulerConfig.limits().maxRequests(), "batch size " + b.size());
                    check(b.tokens() <= schedulerConfig.limits().maxTokens() || b.size() == 1, "batch tokens " + b.tokens());
                    batches++;
                    for (DispatchedRequest<Integer> d : b.requests()) {
                        waitNs[d.request().payload()] = d.waitNs();
                        maxWaitByTenant.merge(d.request().tenant(), d.waitNs(), Math::max);
                    }
                    worker.submit(b, t);
                }
                decisionAt = r.nextDecisionNs() == Long.MAX_VALUE ? Long.MAX_VALUE : ceilTick(Math.max(r.nextDecisionNs(), t + 1));
            } else {
                StabilityState m = scheduler.snapshot(t);
                if (m.batchesCut() > 0 || m.queueDepth() > 0 || m.requestsShed() + m.requestsExpired() > 0) {
                    jain.add(m.jainFairness());
                    entropy.add(m.entropyBits());
                    window.add(m.adaptiveWindowMs());
                }
                metricsAt += interval;
            }
            if (i == n && worker.idle() && !scheduler.queue().isEmpty() && decisionAt == Long.MAX_VALUE) {
                throw new IllegalStateException("simulation stalled: " + scheduler.queue().size()
                    + " requests queued, worker idle, no decision due (policy " + policy + ")");
            }
        }
        busyNs += worker.busyNs();
    }

    private void finish(ScheduledBatch<Integer> b, long startNs, long doneNs) {
        if (executed != null) {
            executed.accept(new ExecutedBatch(b.pool(), startNs, doneNs,
                b.requests().stream().mapToInt(d -> d.request().payload()).toArray(), b.tokens()));
        }
        for (DispatchedRequest<Integer> d : b.requests()) {
            int k = d.request().payload();
            check(status[k] == NONE, "request " + d.request().id() + " served twice");
            status[k] = SERVED;
            latencyNs[k] = doneNs - d.request().arrivalNs();
            serviceNs[k] = doneNs - startNs;
        }
        lastCompletionNs = Math.max(lastCompletionNs, doneNs);
    }

    private void record(List<Dropped<Integer>> dropped) {
        for (Dropped<Integer> d : dropped) {
            int k = d.request().payload();
            check(status[k] == NONE, "request " + d.request().id() + " dropped after being answered");
            status[k] = d.reason() == DropReason.EXPIRED ? EXPIRED : REJECTED;
        }
    }

    private void verify() {
        for (int k = 0; k < status.length; k++) {
            check(status[k] != NONE, "request " + requests.get(k).id() + " was never answered");
            if (status[k] == SERVED) {
                check(latencyNs[k] >= serviceNs[k], "request " + requests.get(k).id() + ": latency " + latencyNs[k]
                    + " ns below its service time " + serviceNs[k] + " ns");
                check(waitNs[k] >= 0 && latencyNs[k] >= waitNs[k] + serviceNs[k],
                    "request " + requests.get(k).id() + ": latency < queue wait + service");
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("simulation invariant broken: " + what);
        }
    }

    private PolicyResult summary(double wallMs) {
        int n = status.length;
        long[] lat = new long[n];
        long[] wait = new long[n];
        int served = 0;
        long rejected = 0;
        long expired = 0;
        long withinSlo = 0;
        long slo = Math.round(config.sloMs() * 1e6);
        for (int k = 0; k < n; k++) {
            switch (status[k]) {
                case SERVED -> {
                    lat[served] = latencyNs[k];
                    wait[served] = waitNs[k];
                    served++;
                    if (latencyNs[k] <= slo) {
                        withinSlo++;
                    }
                }
                case REJECTED -> rejected++;
                default -> expired++;
            }
        }
        Percentiles p = new Percentiles(lat, served);
        Percentiles w = new Percentiles(wait, served);
        double makespanS = n == 0 ? 0 : (lastCompletionNs - requests.get(0).arrivalNs()) / 1e9;
        Map<String, Double> maxWait = new TreeMap<>();
        maxWaitByTenant.forEach((tenant, ns) -> maxWait.put(tenant, ns / 1e6));
        return new PolicyResult(policy, n, served, rejected, expired, p.at(50) / 1e6, p.at(95) / 1e6, p.at(99) / 1e6,
            p.mean() / 1e6, w.at(99) / 1e6, n == 0 ? Double.NaN : withinSlo / (double) n,
            makespanS > 0 ? served / makespanS : Double.NaN, batches, batches == 0 ? 0 : served / (double) batches,
            mean(jain), maxWait, mean(entropy), mean(window), makespanS, makespanS > 0 ? busyNs / 1e9 / makespanS : 0,
            wallMs);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
