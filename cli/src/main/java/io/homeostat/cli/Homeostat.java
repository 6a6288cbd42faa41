package io.homeostat.cli;

import io.homeostat.kafka.serde.AvroTrust;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./homeostat}: one entry point for every job a user has (run the pipeline, put requests on
 * it, read what comes out, replay and record traffic, draw what the scheduler did, simulate
 * policies offline). Each subcommand is its own class; this one wires them and turns failures into
 * one-line errors with meaningful exit codes ({@link ExitCode}).
 */
@Command(name = "homeostat", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Homeostat: an entropy-adaptive, priority-fair batching scheduler for GPU inference on Kafka.",
    footer = {"", "Exit codes: 0 ok, 1 failed, 2 usage or configuration, 3 bad input (trace, JSON line, file),",
        "4 Kafka or schema registry unreachable, 5 topic missing or contradicting topics.yaml,",
        "6 incomplete (not every request answered), 130/143 stopped by Ctrl-C/SIGTERM.",
        "", "Start with: ./homeostat demo      Each command: ./homeostat <command> --help"},
    subcommands = {DemoCommand.class, RunCommand.class, SchedulerCommand.class, WorkerCommand.class,
        TopicsCommand.class, ProduceCommand.class, ConsumeCommand.class, ReplayCommand.class, RecordCommand.class,
        ReportCommand.class,
        SimulateCommand.class, EntropyCommand.class, CommandLine.HelpCommand.class})
public final class Homeostat implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line in this JVM and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The command line with its error handling; {@code out}/{@code err} receive picocli's help and usage errors. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        // java.util.logging / System.Logger (the engine's kernel choice) on one line, like log4j's
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tH:%1$tM:%1$tS.%1$tL %4$-5s %3$s - %5$s%6$s%n");
        AvroTrust.install();
        CommandLine cl = new CommandLine(new Homeostat());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(110);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + Failures.message(e));
            if (System.getenv("HOMEOSTAT_DEBUG") != null) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return Failures.exitCode(e);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("error: " + Failures.oneLine(e.getMessage()) + " (try: ./homeostat "
                + c.getCommandSpec().qualifiedName(" ").replaceFirst("^homeostat ?", "") + " --help)");
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
