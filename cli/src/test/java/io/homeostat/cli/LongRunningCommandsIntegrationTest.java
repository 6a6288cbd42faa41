package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.embedded.ChildJvm;
import io.homeostat.kafka.test.SharedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** scheduler, worker and run as real processes: they start, say where they run, and stop cleanly on SIGTERM. */
@ExtendWith(SharedKafka.class)
class LongRunningCommandsIntegrationTest {
    @Test
    void schedulerStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Cli.Topics t = Cli.Topics.unique("sched");
        String out = runUntilReadyThenSigterm(Cli.onBroker(t, "scheduler", "--set", "application.id=" + t.prefix(),
            "--set", "state.dir=" + dir, "--set", "scheduler.metrics.port=-1"), "scheduler " + t.prefix() + " running on");
        assertTrue(out.contains("stopping the scheduler"), out);
    }

    @Test
    void workerStopsCleanlyOnSigterm() throws Exception {
        Cli.Topics t = Cli.Topics.unique("worker");
        List<String> args = Cli.onBroker(t, "worker", "--set", "worker.id=" + t.prefix(), "--set", "worker.group.id=" + t.prefix());
        args.addAll(Cli.TINY_MODEL);
        String out = runUntilReadyThenSigterm(args, "worker " + t.prefix() + " running on");
        assertTrue(out.contains("stopping the worker"), out);
    }

    @Test
    void runStartsAnEmbeddedBrokerAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--set", "state.dir=" + dir, "--set", "scheduler.metrics.port=-1"));
        args.addAll(Cli.TINY_MODEL);
        String out = runUntilReadyThenSigterm(args, "running on 127.0.0.1:");
        assertTrue(out.contains("embedded Kafka broker at 127.0.0.1:") && out.contains("--bootstrap-servers 127.0.0.1:"), out);
        assertTrue(out.contains("stopping the worker, then the scheduler"), out);
    }

    @Test
    @Tag("slow") // ~20-45 s: a whole demo start-up; the replay's own SIGTERM test runs by default
    void sigtermMidDemoSaysHowFarItGot(@TempDir Path dir) throws Exception {
        List<String> args = List.of("demo", "--report-dir", dir.resolve("report").toString(), "--set", "state.dir=" + dir.resolve("s"));
        String out = runUntilReadyThenSigterm(args, "  out "); // the status line: sending has begun
        assertTrue(out.matches("(?s).*stopped after sending \\d+ of \\d+ requests.*"), out);
        assertTrue(out.matches("(?s).*stopped: [\\d,]+ of [\\d,]+ requests sent, [\\d,]+ answered.*"), out);
        // the embedded broker stayed up for the closes and the report (holdBrokerUntilClosed)
        assertTrue(out.contains("report: "), out);
        assertTrue(Files.exists(dir.resolve("report").resolve("index.html")), out);
    }

    @Test
    void aConfigurationErrorIsExit2BeforeAnythingStarts() {
        Cli.Result r = Cli.run("worker", "--set", "model.kv.heads=5", "--bootstrap-servers", SharedKafka.bootstrapServers());
        assertEquals(ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(r.err().contains("model.kv.heads"), r::toString);
    }

    private static String runUntilReadyThenSigterm(List<String> args, String ready) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.homeostat"),
            Homeostat.class.getName(), args)).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        boolean sawReady = false;
        // a child that never prints the ready line would block readLine forever: kill it after 3 minutes
        java.util.concurrent.atomic.AtomicBoolean printedReady = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(180_000);
            } catch (InterruptedException e) {
                return;
            }
            if (!printedReady.get()) {
                p.destroyForcibly();
            }
        }, "ready-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (!sawReady && line.contains(ready)) {
                    sawReady = true;
                    printedReady.set(true);
                    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                }
            }
        } finally {
            watchdog.interrupt();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String all = String.join("\n", output);
        assertTrue(sawReady, "never printed '" + ready + "':\n" + all);
        assertEquals(143, p.exitValue(), "stopped by SIGTERM, cleanly:\n" + all);
        return all;
    }
}
