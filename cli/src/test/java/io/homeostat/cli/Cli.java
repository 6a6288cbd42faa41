package io.homeostat.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.homeostat.kafka.test.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs {@code ./homeostat} command lines in this JVM (picocli {@code execute}), capturing stdout and stderr. */
final class Cli {
    static final String AZURE = "AzureLLMInferenceTrace_code.csv";
    static final String MOONCAKE = "mooncake_conversation_trace.jsonl";

    /** The tiny model of the worker tests: a batch runs in milliseconds. */
    static final List<String> TINY_MODEL = List.of("--set", "model.dim=64", "--set", "model.hidden.dim=128", "--set",
        "model.layers=2", "--set", "model.heads=4", "--set", "model.kv.heads=2", "--set", "model.vocab.size=512", "--set",
        "model.seq.len=128", "--set", "executor=cpu");

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Homeostat.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** args + {@code --bootstrap-servers <shared broker>} + unique names for every topic. */
    static List<String> onBroker(Topics names, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--bootstrap-servers");
        all.add(SharedKafka.bootstrapServers());
        all.addAll(names.args());
        return all;
    }

    /** Unique topic names for one test, as --set overrides. */
    record Topics(String prefix) {
        static Topics unique(String name) {
            return new Topics(SharedKafka.unique(name));
        }

        List<String> args() {
            List<String> a = new ArrayList<>();
            for (String role : List.of("requests", "batches", "results", "completions", "metrics", "worker-metrics", "dead-letter")) {
                a.add("--set");
                a.add("topic." + role + "=" + name(role));
            }
            return a;
        }

        String name(String role) {
            return prefix + "." + role;
        }
    }

    /** A shared trace, or the test is skipped saying what is missing. */
    static Path trace(String name) {
        String dir = System.getProperty("homeostat.shared.dir");
        assumeTrue(dir != null, "system property homeostat.shared.dir is not set (Surefire sets it to <repo>/../shared)");
        Path p = Path.of(dir, "traces", name);
        assumeTrue(Files.isRegularFile(p), "shared trace " + p + " is absent");
        return p;
    }
}
