package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.sim.trace.Trace;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replay}: a recorded trace onto the requests topic at its recorded timing × speed. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay a trace onto the requests topic at its recorded timing x --speed.",
        "Replay a trace (Azure CSV, Mooncake JSONL, the project's JSONL) onto the requests topic at its "
        + "recorded timing x --speed, with a progress bar (rate, ETA) and, at the end, how closely the send "
        + "times followed the trace (p50/p99 lag). Ctrl-C stops cleanly and says how far it got."},
    footer = {"", "Example: ./homeostat replay --bootstrap-servers localhost:29092 \\",
        "           --trace ../shared/traces/AzureLLMInferenceTrace_code.csv --format azure --limit 2000 --speed 50 --await-results"})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    TraceOptions trace;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--skip", paramLabel = "N", defaultValue = "0",
        description = "Start after the first N records of the (time-sorted) trace, e.g. to continue a stopped replay.")
    int skip;

    @Option(names = "--await-results", description = "Then wait until every request sent has a result (exit 6 if not).")
    boolean awaitResults;

    @Option(names = "--results-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "With --await-results: give up when no new result came for this long (default ${DEFAULT-VALUE}).")
    double resultsTimeoutS;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> settings = options.settings();
        Trace t = trace.load(err);
        ReplayPlan plan = replay.plan(t, settings);
        if (skip < 0 || skip > plan.size()) {
            throw CliException.usage("--skip must be in 0.." + plan.size() + ", got " + skip);
        }
        try (StopSignal stop = StopSignal.install();
             KafkaSession kafka = KafkaSession.connect(settings, "replay")) {
            String topic = kafka.config().topics().requests();
            kafka.partitions(topic);
            ResultsTracker tracker = awaitResults ? new ResultsTracker(kafka, false) : null;
            try (KafkaProducer<String, InferenceRequest> producer = kafka.producer(InferenceRequest.class, Map.of())) {
                Progress progress = new Progress(err, "replay", plan.size() - skip, !noProgress);
                ReplayRun.Outcome o = ReplayRun.run(plan, skip, producer, topic, stop, progress,
                    id -> {
                        if (tracker != null) {
                            tracker.expect(id);
                        }
                    });
                err.println(o.summary(topic, replay.speed));
                if (o.stopped()) {
                    err.println("continue with --skip " + (skip + o.sent()));
                    err.flush();
                    return ExitCode.INCOMPLETE;
                }
                err.flush();
                if (tracker != null) {
                    boolean all = tracker.awaitAll(Duration.ofMillis((long) (resultsTimeoutS * 1000)), stop, () -> { });
                    err.println(String.format(Locale.ROOT, "results: %d of %d answered %s%s", tracker.answeredCount(),
                        tracker.expectedCount(), tracker.statusCounts(),
                        Double.isNaN(tracker.latencyMs(0.99)) ? "" : String.format(Locale.ROOT,
                            ", end-to-end p50 %.0f ms, p99 %.0f ms", tracker.latencyMs(0.5), tracker.latencyMs(0.99))));
                    err.flush();
                    if (!all) {
                        return ExitCode.INCOMPLETE;
                    }
                }
                return ExitCode.OK;
            } finally {
                if (tracker != null) {
                    tracker.close();
                }
            }
        }
    }
}
