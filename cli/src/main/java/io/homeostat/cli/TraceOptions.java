package io.homeostat.cli;

import io.homeostat.sim.trace.OnError;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.Traces;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** A trace to read: file, format, what to do with malformed lines, how many records. */
public final class TraceOptions {
    @Option(names = {"-t", "--trace"}, paramLabel = "FILE",
        description = "Trace file: Azure CSV, Mooncake JSONL, or the project's JSONL (./homeostat record).")
    Path trace;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
        description = "azure | mooncake | jsonl (default: from the file: .csv is azure, a JSONL file by its fields).")
    String format;

    @Option(names = "--on-error", paramLabel = "skip|stop", defaultValue = "stop",
        description = "Malformed line: stop with its line number (default), or skip it and count it.")
    OnError onError;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Read only the first N records.")
    Long limit;

    /** The format given, or the one the file looks like. */
    public TraceFormat format() throws IOException {
        requireTrace();
        if (format != null) {
            try {
                return TraceFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        if (!Files.isRegularFile(trace)) {
            throw CliException.badInput("trace file not found: " + trace);
        }
        String name = trace.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return TraceFormat.AZURE;
        }
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first != null && first.contains("\"arrival_ns\"")) {
                return TraceFormat.JSONL;
            }
            if (first != null && first.contains("\"input_length\"")) {
                return TraceFormat.MOONCAKE;
            }
        }
        throw CliException.usage("cannot tell the format of " + trace + ": pass --format azure|mooncake|jsonl");
    }

    private void requireTrace() {
        if (trace == null) {
            throw CliException.usage("--trace FILE is required");
        }
    }

    /** Whether --trace was given. */
    public boolean given() {
        return trace != null;
    }

    /** Loads the trace; skipped lines are reported on {@code err}. */
    public Trace load(PrintWriter err) throws IOException {
        TraceFormat f = format();
        if (!Files.isRegularFile(trace)) {
            throw CliException.badInput("trace file not found: " + trace);
        }
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit must be >= 1, got " + limit);
        }
        Trace t = Traces.load(trace, f, onError, limit == null ? Long.MAX_VALUE : limit);
        if (t.skipped() > 0) {
            err.println("warning: skipped " + t.skipped() + " malformed line(s) of " + trace + "; first: " + t.firstErrors().get(0));
            err.flush();
        }
        if (t.records().isEmpty()) {
            throw CliException.badInput("trace " + trace + " holds no records");
        }
        return t;
    }
}
