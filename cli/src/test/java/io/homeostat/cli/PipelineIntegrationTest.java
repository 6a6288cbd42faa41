package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the embedded broker: a scheduler and a worker (tiny model) running, {@code replay}
 * of the first 2,000 rows of the Azure code trace at speed 50 gets exactly 2,000 results, and
 * {@code report} draws them; {@code demo} does the same on its own scheduler and worker.
 */
@ExtendWith(SharedKafka.class)
class PipelineIntegrationTest {
    @Test
    void replayOf2000AzureRowsAtSpeed50GetsExactly2000ResultsThenAReport(@TempDir Path dir) throws Exception {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Topics t = Cli.Topics.unique("pipeline");
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", SharedKafka.bootstrapServers());
        for (String role : List.of("requests", "batches", "results", "completions", "metrics", "worker-metrics", "dead-letter")) {
            settings.put("topic." + role, t.name(role));
        }
        Map<String, String> scheduler = new HashMap<>(settings);
        scheduler.put(SchedulerAppConfig.APPLICATION_ID_CONFIG, t.prefix() + "-scheduler");
        scheduler.put(SchedulerAppConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        scheduler.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
        scheduler.put(SchedulerAppConfig.METRICS_INTERVAL_MS_CONFIG, "500");
        Map<String, String> worker = new HashMap<>(settings);
        worker.putAll(DemoCommand.DEMO_MODEL);
        worker.put(WorkerConfig.EXECUTOR_CONFIG, "cpu");
        worker.put(WorkerConfig.WORKER_ID_CONFIG, t.prefix() + "-worker");
        worker.put(WorkerConfig.GROUP_ID_CONFIG, t.prefix() + "-workers");

        try (SchedulerApp s = Components.scheduler(new SchedulerAppConfig(scheduler));
             WorkerApp w = WorkerApp.start(new WorkerConfig(worker))) {
            Cli.Result replay = Cli.run(Cli.onBroker(t, "replay", "--trace", trace.toString(), "--format", "azure",
                "--limit", "2000", "--speed", "50", "--await-results", "--results-timeout", "120", "--no-progress",
                "--set", "model.seq.len=128", "--set", "model.vocab.size=512"));
            assertEquals(0, replay.exit(), replay::toString);
            assertTrue(replay.err().contains("results: 2000 of 2000 answered"), replay::toString);
            assertTrue(w.isRunning() && s.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING, "both still up");
        }

        Cli.Result results = Cli.run(Cli.onBroker(t, "consume", "results", "--from-beginning"));
        assertEquals(0, results.exit(), results::toString);
        Set<String> ids = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        long lines = 0;
        for (String l : results.out().lines().toList()) {
            ids.add(json.readTree(l).get("request_id").asText());
            lines++;
        }
        assertEquals(2000, ids.size(), "one result per request");
        assertEquals(2000, lines, "and no request answered twice");

        Path report = dir.resolve("report");
        Cli.Result r = Cli.run(Cli.onBroker(t, "report", "--out", report.toString()));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("2,000"), r::toString);
        checkReport(report);

        // the same report from files written by consume
        Path res = dir.resolve("results.jsonl");
        Files.writeString(res, results.out());
        Files.writeString(dir.resolve("metrics.jsonl"), Cli.run(Cli.onBroker(t, "consume", "metrics", "--from-beginning")).out());
        Files.writeString(dir.resolve("batches.jsonl"), Cli.run(Cli.onBroker(t, "consume", "batches", "--from-beginning")).out());
        Cli.Result fromFiles = Cli.run("report", "--results", res.toString(), "--metrics", dir.resolve("metrics.jsonl").toString(),
            "--batches", dir.resolve("batches.jsonl").toString(), "--out", dir.resolve("report2").toString());
        assertEquals(0, fromFiles.exit(), fromFiles::toString);
        assertEquals(r.out(), fromFiles.out(), "topics and files give the same summary");
        checkReport(dir.resolve("report2"));
    }

    @Test
    void demoOnABrokerCountsEveryResultAndWritesItsReport(@TempDir Path dir) throws Exception {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Topics t = Cli.Topics.unique("demo");
        Path report = dir.resolve("demo-report");
        Cli.Result r = Cli.run(Cli.onBroker(t, "demo", "--trace", trace.toString(), "--format", "azure", "--limit", "200",
            "--speed", "50", "--report-dir", report.toString(), "--set",
            "worker.group.id=" + t.prefix() + "-workers", "--set", "state.dir=" + dir.resolve("state")));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().matches("(?s).*results\\s+200\\n.*"), r::toString);
        assertTrue(r.out().contains("the demo's small shape"), "says which model ran: " + r);
        checkReport(report);
    }

    @Test
    void theReadmesFirstCommandRunsTheDemoEndToEnd(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        Cli.Result r = Cli.run("demo", "--report-dir", report.toString());
        assertEquals(0, r.exit(), r::toString);
        var sent = java.util.regex.Pattern.compile("requests sent\\s+([\\d,]+) of ([\\d,]+)").matcher(r.out());
        var results = java.util.regex.Pattern.compile("\\n\\s+results\\s+([\\d,]+)\\n").matcher(r.out());
        assertTrue(sent.find() && results.find(), r::toString);
        assertEquals(sent.group(2), sent.group(1), "every request sent");
        assertEquals(sent.group(2), results.group(1), "every request answered");
        assertTrue(Integer.parseInt(results.group(1).replace(",", "")) > 1000, r::toString);
        assertTrue(r.err().contains("embedded Kafka broker at"), r::toString);
        assertTrue(r.err().matches("(?s).*in \\d+  out \\d+  queue \\d+  H [\\d.]+ bits  w [\\d.]+ ms  rho [\\d.]+  B [\\d.]+  p99 .*"),
            "the status line: " + r.err());
        checkReport(report);
    }

    static void checkReport(Path dir) throws Exception {
        String html = Files.readString(dir.resolve("index.html"));
        for (String png : List.of("latency_cdf.png", "entropy_window.png", "batch_sizes.png", "rho_free_blocks.png", "wait_vs_bid.png")) {
            assertTrue(html.contains("src=\"" + png + "\""), png + " in index.html");
            Path p = dir.resolve(png);
            assertTrue(Files.size(p) > 10_000, png + " is a real chart (" + Files.size(p) + " bytes)");
            var image = javax.imageio.ImageIO.read(p.toFile());
            assertEquals(ReportCharts.WIDTH, image.getWidth());
        }
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("| tenant | results |") && md.contains("tenant-a"), md);
    }
}
