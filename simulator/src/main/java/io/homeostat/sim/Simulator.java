package io.homeostat.sim;

import io.homeostat.core.config.ConfigKey;
import io.homeostat.core.config.ConfigKeys;
import io.homeostat.core.scheduler.SchedulerConfig;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a trace through several policies (in parallel, one thread per core) and gathers a report. */
public final class Simulator {
    private Simulator() {
    }

    /** Every key the simulator and the scheduler read: for {@code --set} validation and help. */
    public static List<ConfigKey<?>> allKeys() {
        List<ConfigKey<?>> all = new ArrayList<>(SchedulerConfig.allKeys());
        all.addAll(SimulatorConfig.KEYS);
        return all;
    }

    /** Fails on a {@code --set} key that looks like ours but is not declared (a typo). */
    public static void rejectUnknown(Map<String, String> settings) {
        ConfigKeys.rejectUnknown(settings, allKeys(), "entropy.", "window.", "queue.", "batch.", "controller.",
            "scheduler.", "policy.", "sim.");
    }

    public static SimulationReport run(Trace trace, List<String> policies, Map<String, String> settings) {
        rejectUnknown(settings);
        SimulatorConfig config = SimulatorConfig.from(settings);
        SchedulerConfig scheduler = SchedulerConfig.from(settings);
        List<TraceRecord> sorted = trace.sortedByArrival();
        int threads = Math.max(1, Math.min(policies.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulation");
            t.setDaemon(true);
            return t;
        });
        List<PolicyResult> results = new ArrayList<>();
        try {
            List<Future<PolicyResult>> futures = new ArrayList<>();
            for (String p : policies) {
                futures.add(pool.submit(() -> Simulation.run(sorted, p, settings, config)));
            }
            for (Future<PolicyResult> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
        double spanS = sorted.size() < 2 ? 0
            : Simulation.scale(sorted.get(sorted.size() - 1).arrivalNs() - sorted.get(0).arrivalNs(), config.speed()) / 1e9;
        String name = java.nio.file.Path.of(trace.source()).getFileName().toString();
        return new SimulationReport(name, trace.format().cliName(), sorted.size(), trace.skipped(), config.speed(), spanS,
            spanS > 0 ? sorted.size() / spanS : Double.NaN, config, scheduler.limits().maxRequests(),
            scheduler.limits().maxTokens(), List.copyOf(results));
    }
}
