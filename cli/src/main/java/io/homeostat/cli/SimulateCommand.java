package io.homeostat.cli;

import io.homeostat.config.ConfigLoader;
import io.homeostat.core.policy.BatchPolicies;
import io.homeostat.sim.ReportFormat;
import io.homeostat.sim.SimulationReport;
import io.homeostat.sim.Simulator;
import io.homeostat.sim.trace.Trace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code simulate}: a trace through the batch policies in virtual time (the simulator module), no Kafka. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Compare batch policies on a trace in virtual time (no Kafka, no GPU).",
        "Replay a trace through batch policies in virtual time (same scheduling core, no Kafka, no GPU) and "
        + "print p50/p95/p99 latency, SLO attainment, throughput, mean batch size, Jain's index, max wait per "
        + "tenant."},
    footer = {"", "Settings (--set): scheduler keys (entropy.*, window.*, queue.*, batch.*, controller.*, policy.*)",
        "and simulator keys (sim.seed, sim.slo.ms, sim.tick.ms, sim.service.a.ms, ...). Tenants and bids, when the",
        "trace has none: the seeded rule 'seeded-4' (40/30/20/10 %% of requests, bids 1/2/3/4).",
        "Example: ./homeostat simulate --trace ../shared/traces/AzureLLMInferenceTrace_code.csv --format azure --speed 10 --policy all"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceOptions trace;

    @Option(names = {"-s", "--speed"}, paramLabel = "K", defaultValue = "1",
        description = "Trace speed-up: every gap is divided by K (default 1).")
    double speed;

    @Option(names = {"-p", "--policy"}, paramLabel = "NAME|all", defaultValue = "all", split = ",",
        description = "Policies to compare: entropy, fixed, triton, aimd, or all (default), comma-separated.")
    List<String> policies;

    @Option(names = "--json", description = "Print JSON for machines instead of the table.")
    boolean json;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Scheduler or simulator setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw CliException.usage("--speed must be > 0, got " + speed);
        }
        List<String> names = new ArrayList<>();
        for (String p : policies) {
            String n = p.trim().toLowerCase(Locale.ROOT);
            if (n.equals("all")) {
                names.addAll(BatchPolicies.names());
            } else if (BatchPolicies.names().contains(n)) {
                names.add(n);
            } else {
                throw CliException.usage("unknown policy '" + p + "'; known: " + String.join(", ", BatchPolicies.names()) + ", all");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>(ConfigLoader.parseOverrides(overrides));
        settings.put("sim.speed", Double.toString(speed));
        PrintWriter out = spec.commandLine().getOut();
        Trace t = trace.load(spec.commandLine().getErr());
        SimulationReport report = Simulator.run(t, names.stream().distinct().toList(), settings);
        out.print(json ? ReportFormat.json(report) + "\n" : ReportFormat.table(report));
        out.flush();
        return ExitCode.OK;
    }
}
