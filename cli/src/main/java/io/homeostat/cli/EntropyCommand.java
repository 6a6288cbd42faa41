package io.homeostat.cli;

import io.homeostat.core.entropy.EntropyConfig;
import io.homeostat.core.time.Durations;
import io.homeostat.sim.EntropySeries;
import io.homeostat.sim.trace.Trace;
import java.io.BufferedWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code entropy}: the inter-arrival entropy H along a trace, computed by the core's
 * {@code EntropySensor} (through the simulator's {@link EntropySeries}). Output is strict, one
 * line {@code index,H} per arrival whose window is full: index is the 0-based position of the
 * window's last arrival after a stable sort by time, H in bits with 12 decimals; timestamps are
 * read at their full resolution as integer nanoseconds.
 */
@Command(name = "entropy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print the inter-arrival entropy 'index,H' of every full window of a trace.",
        "Print 'index,H' (H in bits, 12 decimals) for every arrival whose window of N arrivals is full; index "
        + "is the 0-based position of the window's last arrival after a stable sort by time."},
    footer = {"", "Example: ./homeostat entropy --trace ../shared/traces/AzureLLMInferenceTrace_code.csv --format azure --window 50 --bin-ms 1"})
public final class EntropyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceOptions trace;

    @Option(names = {"-w", "--window"}, paramLabel = "N", defaultValue = "50",
        description = "Arrivals per window (N; N-1 gaps), default 50.")
    int window;

    @Option(names = "--bin-ms", paramLabel = "MS", defaultValue = "1",
        description = "Gap bin width in milliseconds (default 1): a gap falls in bin floor(gap / bin).")
    double binMs;

    @Override
    public Integer call() throws Exception {
        EntropyConfig config;
        try {
            config = EntropyConfig.defaults().withWindow(window, Durations.msToNanos(binMs));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--window/--bin-ms: " + e.getMessage());
        }
        Trace t = trace.load(spec.commandLine().getErr());
        // the command's own stdout writer (tests capture it); large outputs are buffered
        Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        EntropySeries.write(t.sortedByArrival(), config, out);
        out.flush();
        return ExitCode.OK;
    }
}
