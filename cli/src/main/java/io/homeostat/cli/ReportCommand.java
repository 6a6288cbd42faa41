package io.homeostat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.avro.Batch;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.StabilityMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code report}: an HTML page with PNG charts and a Markdown summary of what the scheduler did, from
 * the results, batches and metrics topics (everything on them), or from files that {@code consume}
 * wrote.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Draw an HTML report with PNG charts from the topics or from consume files.",
        "Draw a report (index.html with PNG charts, summary.md) from the results, batches and metrics topics, "
        + "or from JSON-lines files written by ./homeostat consume: latency CDF per tenant and overall, H and w "
        + "over time, batch size histogram, rho and free KV blocks over time, queue wait vs bid per tenant."},
    footer = {"", "Examples: ./homeostat report --bootstrap-servers localhost:29092 --out reports/today",
        "          ./homeostat report --results results.jsonl --metrics metrics.jsonl --batches batches.jsonl --out reports/run1"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report directory (default: reports/report-<timestamp>).")
    Path out;

    @Option(names = "--results", paramLabel = "FILE", description = "Results as JSON lines (consume results) instead of the topic.")
    Path resultsFile;

    @Option(names = "--metrics", paramLabel = "FILE", description = "Metrics as JSON lines (consume metrics).")
    Path metricsFile;

    @Option(names = "--batches", paramLabel = "FILE", description = "Batches as JSON lines (consume batches).")
    Path batchesFile;

    @Option(names = "--title", defaultValue = "Homeostat run report", description = "Page title (default: ${DEFAULT-VALUE}).")
    String title;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ReportData data = new ReportData();
        boolean fromFiles = resultsFile != null || metricsFile != null || batchesFile != null;
        if (fromFiles) {
            if (resultsFile == null) {
                throw CliException.usage("--results FILE is required when reading files (--metrics and --batches are optional)");
            }
            readLines(resultsFile, data::addResult);
            if (metricsFile != null) {
                readLines(metricsFile, data::addMetrics);
            }
            if (batchesFile != null) {
                readLines(batchesFile, data::addBatch);
            }
        } else {
            try (StopSignal stop = StopSignal.install();
                 KafkaSession kafka = KafkaSession.connect(options.settings(), "report")) {
                fromTopics(kafka, data, stop, err);
            }
        }
        if (data.resultCount() == 0) {
            throw CliException.badInput("no results to report on" + (fromFiles ? " in " + resultsFile : " on the results topic"));
        }
        Path dir = out != null ? out : Path.of("reports", "report-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path index = ReportWriter.write(data, dir, title, null);
        spec.commandLine().getOut().print(ReportWriter.summaryText(data, null));
        spec.commandLine().getOut().flush();
        err.println("report: " + index.toAbsolutePath());
        err.flush();
        return ExitCode.OK;
    }

    /** Reads the three topics from the beginning to their current end into {@code data}. */
    static void fromTopics(KafkaSession kafka, ReportData data, StopSignal stop, PrintWriter err) {
        var topics = kafka.config().topics();
        ConsumeCommand.read(kafka, topics.results(), InferenceResult.class, true, false, null, Duration.ZERO, stop,
            r -> data.addResult(AvroJson.toJson((GenericRecord) r)), err);
        ConsumeCommand.read(kafka, topics.batches(), Batch.class, true, false, null, Duration.ZERO, stop,
            b -> data.addBatch(AvroJson.toJson((GenericRecord) b)), err);
        ConsumeCommand.read(kafka, topics.metrics(), StabilityMetrics.class, true, false, null, Duration.ZERO, stop,
            m -> data.addMetrics(AvroJson.toJson((GenericRecord) m)), err);
    }

    private static void readLines(Path file, Consumer<JsonNode> sink) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw CliException.badInput("file not found: " + file);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = RequestJson.MAPPER.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw CliException.badInput(file + ":" + n + ": not valid JSON (" + e.getOriginalMessage() + ")");
                }
                if (node == null || !node.isObject()) {
                    throw CliException.badInput(file + ":" + n + ": expected one JSON object per line");
                }
                sink.accept(node);
            }
        }
    }
}
