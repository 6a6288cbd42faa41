package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.engine.cuda.CudaProbe;
import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceRecord;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: the whole pipeline in one process, from nothing.
 *
 * <pre>
 *   embedded Kafka (or --bootstrap-servers) ─► topics ─► scheduler (Kafka Streams) + worker (CUDA | CPU)
 *        ▲                                                   │ results, metrics, batches
 *   replay: built-in bursty workload (or --trace)            ▼
 *        └──────────── live status line ◄──── ResultsTracker (results + metrics topics)
 *   then: every result in ─► summary table ─► report (index.html, PNG charts, summary.md)
 * </pre>
 *
 * On CPU it runs the worker on a small model shape unless told otherwise, so the default run ends
 * in well under two minutes on two cores; on CUDA, the worker's default shape. The summary says
 * which shape ran.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the whole pipeline in one process on a bursty workload, then show a summary and a report.",
        "Run everything in one process: an embedded Kafka broker, the topics, the scheduler and a worker "
        + "(CUDA if present, else CPU), replay a built-in bursty workload (or --trace), show a live status "
        + "line, then print a summary table and write a report (index.html with PNG charts, summary.md)."},
    footer = {"", "Examples: ./homeostat demo",
        "          ./homeostat demo --trace ../shared/traces/AzureLLMInferenceTrace_code.csv --format azure --limit 2000 --speed 50"})
public final class DemoCommand implements Callable<Integer> {
    /** The worker's small shape for the demo on CPU: ~0.1M parameters, so 2,000 requests take seconds on 2 cores. */
    static final Map<String, String> DEMO_MODEL = Map.of(WorkerConfig.MODEL_DIM_CONFIG, "64",
        WorkerConfig.MODEL_HIDDEN_CONFIG, "128", WorkerConfig.MODEL_LAYERS_CONFIG, "2", WorkerConfig.MODEL_HEADS_CONFIG, "4",
        WorkerConfig.MODEL_KV_HEADS_CONFIG, "2", WorkerConfig.MODEL_VOCAB_CONFIG, "512", WorkerConfig.MODEL_SEQ_LEN_CONFIG, "128");

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Mixin
    TraceOptions trace;

    @Mixin
    ReplayOptions replay;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where the report goes (default: reports/demo-<timestamp>).")
    Path reportDir;

    @Option(names = "--policy", paramLabel = "NAME", description = "Batch policy: entropy (default), fixed, triton, aimd.")
    String policy;

    @Option(names = "--full-model", description = "On CPU too, run the worker's default model shape instead of the demo's "
        + "small one (on CUDA the default shape runs anyway).")
    boolean fullModel;

    @Option(names = "--results-timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "Give up when no new result came for this long (default ${DEFAULT-VALUE}).")
    double resultsTimeoutS;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> settings = new LinkedHashMap<>(options.settings());
        Path stateDir = Files.createTempDirectory("homeostat-demo-state");
        defaults(settings, stateDir);
        Path dir = reportDir != null ? reportDir
            : Path.of("reports", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        String workload;
        ReplayPlan plan;
        if (trace.given()) {
            Trace t = trace.load(err);
            plan = replay.plan(t, settings);
            workload = String.format(Locale.ROOT, "trace %s (%s), %,d requests at %sx", t.source(), t.format().cliName(),
                plan.size(), ReplayRun.num(replay.speed));
        } else {
            List<TraceRecord> records = BurstyWorkload.generate(replay.seed);
            if (trace.limit != null) {
                records = records.subList(0, (int) Math.min(records.size(), trace.limit));
            }
            ReplayPlan.Rules rules = replay.rules(settings);
            plan = ReplayPlan.of(records, rules, false);
            workload = String.format(Locale.ROOT, "built-in bursty workload (seed %d), %,d requests over %.0f s at %sx",
                replay.seed, plan.size(), BurstyWorkload.spanSeconds() / replay.speed * 1.0, ReplayRun.num(replay.speed));
        }
        Set<String> ids = new HashSet<>();
        for (int k = 0; k < plan.size(); k++) {
            ids.add(plan.requestId(k));
        }
        if (ids.size() != plan.size()) {
            throw CliException.badInput("the workload repeats request ids (" + (plan.size() - ids.size()) + " duplicates): every "
                + "request needs its own id for its result to be counted");
        }

        try (StopSignal stop = StopSignal.install(); Cluster cluster = Cluster.start(settings, err, false)) {
            cluster.holdBrokerUntilClosed(); // Ctrl-C: the clients below close (and commit) before the broker stops
            SchedulerAppConfig sc = Components.schedulerConfig(cluster);
            WorkerConfig wc = Components.workerConfig(cluster);
            String model = modelShape(wc);
            err.println("starting the scheduler (policy " + sc.policy() + ") and the worker (" + model + ") ...");
            err.flush();
            KafkaSession session = KafkaSession.of(cluster.common(), "demo");
            long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            boolean all;
            ReplayRun.Outcome sent;
            try (SchedulerApp scheduler = Components.scheduler(sc, stop); WorkerApp worker = WorkerApp.start(wc);
                 ResultsTracker tracker = new ResultsTracker(session, true);
                 KafkaProducer<String, InferenceRequest> producer = session.producer(InferenceRequest.class, Map.of())) {
                err.println("replaying " + workload);
                err.flush();
                AtomicInteger count = new AtomicInteger();
                StatusLine status = new StatusLine(err, tracker, count::get);
                try {
                    sent = ReplayRun.run(plan, 0, producer, cluster.common().topics().requests(), stop,
                        new Progress(err, "demo", plan.size(), false), id -> {
                            tracker.expect(id);
                            count.incrementAndGet();
                        });
                    all = !sent.stopped() && tracker.awaitAll(Duration.ofMillis((long) (resultsTimeoutS * 1000)), stop,
                        () -> Components.checkAlive(scheduler, worker));
                } finally {
                    status.close();
                }
                err.println(sent.summary(cluster.common().topics().requests(), replay.speed));
                if (stop.requested()) {
                    // an embedded broker stays up until the cluster closes (holdBrokerUntilClosed): report what was answered
                    err.println(String.format(Locale.ROOT, "stopped: %,d of %,d requests sent, %,d answered %s; reporting those",
                        sent.sent(), plan.size(), tracker.answeredCount(), tracker.statusCounts()));
                } else if (!all) {
                    err.println("not every request was answered: " + tracker.answeredCount() + " of " + tracker.expectedCount()
                        + " results after waiting " + ReplayRun.num(resultsTimeoutS) + " s without a new one");
                }
                err.println("stopping the worker and the scheduler ...");
                err.flush();
            }
            ReportData data = new ReportData(ids::contains, startUs);
            ReportCommand.fromTopics(session, data, StopSignal.none(), err);
            Map<String, String> header = new LinkedHashMap<>();
            header.put("workload", workload);
            header.put("model", model);
            header.put("requests sent", String.format(Locale.ROOT, "%,d of %,d", sent.sent(), plan.size()));
            header.put("send lag vs the trace p99 (ms)", String.format(Locale.ROOT, "%.2f", sent.lagMs(0.99)));
            Path index = ReportWriter.write(data, dir, "Homeostat demo", header);
            out.println();
            out.println("Summary");
            out.print(ReportWriter.summaryText(data, header));
            out.println();
            out.println("report: " + index.toAbsolutePath());
            out.flush();
            return all && !stop.requested() && data.resultCount() == plan.size() ? ExitCode.OK : ExitCode.INCOMPLETE;
        } finally {
            deleteTree(stateDir);
        }
    }

    private void defaults(Map<String, String> s, Path stateDir) {
        s.putIfAbsent(SchedulerAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        // unique names: on a shared cluster (--bootstrap-servers) the demo must not join anyone else's groups
        String run = UUID.randomUUID().toString().substring(0, 8);
        s.putIfAbsent(SchedulerAppConfig.APPLICATION_ID_CONFIG, "homeostat-demo-" + run);
        s.putIfAbsent(WorkerConfig.GROUP_ID_CONFIG, "homeostat-demo-workers-" + run);
        s.putIfAbsent(SchedulerAppConfig.METRICS_INTERVAL_MS_CONFIG, "500");
        s.putIfAbsent(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
        s.putIfAbsent(WorkerConfig.WORKER_ID_CONFIG, "demo-worker-" + run);
        if (policy != null) {
            s.put(SchedulerAppConfig.POLICY_CONFIG, policy);
        }
        boolean modelGiven = s.keySet().stream().anyMatch(k -> k.startsWith("model."));
        if (!fullModel && !modelGiven && !onCuda(s)) {
            s.putAll(DEMO_MODEL);
        }
    }

    /** Whether the worker will run on CUDA (executor auto or cuda, and a usable device). */
    private static boolean onCuda(Map<String, String> s) {
        String executor = s.getOrDefault(WorkerConfig.EXECUTOR_CONFIG, "auto");
        return !executor.equals("cpu") && CudaProbe.status().available();
    }

    private String modelShape(WorkerConfig c) {
        String checkpoint = c.getString(WorkerConfig.MODEL_CHECKPOINT_CONFIG);
        if (!checkpoint.isBlank()) {
            return "checkpoint " + checkpoint;
        }
        boolean demo = DEMO_MODEL.entrySet().stream().allMatch(e -> String.valueOf(c.getInt(e.getKey())).equals(e.getValue()));
        return String.format(Locale.ROOT, "random weights, dim %d, hidden %d, %d layers, %d heads (%d KV), vocab %d, context %d%s",
            c.getInt(WorkerConfig.MODEL_DIM_CONFIG), c.getInt(WorkerConfig.MODEL_HIDDEN_CONFIG),
            c.getInt(WorkerConfig.MODEL_LAYERS_CONFIG), c.getInt(WorkerConfig.MODEL_HEADS_CONFIG),
            c.getInt(WorkerConfig.MODEL_KV_HEADS_CONFIG), c.getInt(WorkerConfig.MODEL_VOCAB_CONFIG),
            c.getInt(WorkerConfig.MODEL_SEQ_LEN_CONFIG), demo ? "; the demo's small shape, --full-model for the default" : "");
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }
}
