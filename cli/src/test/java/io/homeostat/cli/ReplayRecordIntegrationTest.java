package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.homeostat.kafka.embedded.ChildJvm;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.sim.trace.Traces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay → record → replay → record: the same requests (ids, tenants, bids, tokens, originals) at the same
 * relative times, to the microsecond, because a replay stamps each request with the time the trace gives it.
 * And Ctrl-C (SIGTERM) mid-replay stops cleanly and says how far it got.
 */
@ExtendWith(SharedKafka.class)
class ReplayRecordIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void recordThenReplayRoundTripsRequestsAndTimings(@TempDir Path dir) throws Exception {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Topics first = Cli.Topics.unique("replay1");
        Cli.Topics second = Cli.Topics.unique("replay2");
        assertEquals(0, Cli.run(Cli.onBroker(first, "topics")).exit());
        assertEquals(0, Cli.run(Cli.onBroker(second, "topics")).exit());

        Cli.Result replay = Cli.run(Cli.onBroker(first, "replay", "--trace", trace.toString(), "--format", "azure", "--limit",
            "300", "--speed", "50", "--id-prefix", "rt", "--no-progress"));
        assertEquals(0, replay.exit(), replay::toString);
        assertTrue(replay.err().contains("sent 300 requests") && replay.err().contains("send lag vs the trace: p50"), replay::toString);

        Path rec1 = dir.resolve("rec1.jsonl");
        Cli.Result record = Cli.run(Cli.onBroker(first, "record", "--from-beginning", "--out", rec1.toString()));
        assertEquals(0, record.exit(), record::toString);
        List<JsonNode> one = sortedByArrival(rec1);
        assertEquals(300, one.size());

        // the recording holds the trace's own relative times (÷ 50), to the microsecond
        Trace original = Traces.load(trace, TraceFormat.AZURE, io.homeostat.sim.trace.OnError.STOP, 300);
        var sorted = original.sortedByArrival();
        long t0 = one.get(0).get("arrival_ns").asLong();
        for (int k = 0; k < 300; k++) {
            long expectedUs = Math.round((sorted.get(k).arrivalNs() - sorted.get(0).arrivalNs()) / 50.0) / 1_000;
            assertEquals(expectedUs * 1_000, one.get(k).get("arrival_ns").asLong() - t0, "relative time of record " + k);
            assertEquals("rt-" + sorted.get(k).index(), one.get(k).get("request_id").asText());
            assertEquals(sorted.get(k).promptTokens(), one.get(k).get("trace_prompt_tokens").asInt());
        }

        Cli.Result again = Cli.run(Cli.onBroker(second, "replay", "--trace", rec1.toString(), "--format", "jsonl", "--no-progress"));
        assertEquals(0, again.exit(), again::toString);
        Path rec2 = dir.resolve("rec2.jsonl");
        assertEquals(0, Cli.run(Cli.onBroker(second, "record", "--from-beginning", "--out", rec2.toString())).exit());
        List<JsonNode> two = sortedByArrival(rec2);
        assertEquals(300, two.size());
        long u0 = two.get(0).get("arrival_ns").asLong();
        for (int k = 0; k < 300; k++) {
            JsonNode a = one.get(k);
            JsonNode b = two.get(k);
            assertEquals(a.get("arrival_ns").asLong() - t0, b.get("arrival_ns").asLong() - u0, "timing of " + a);
            for (String f : List.of("request_id", "tenant", "pool", "priority_bid", "prompt_tokens", "max_new_tokens",
                "trace_prompt_tokens", "trace_output_tokens")) {
                assertEquals(a.get(f), b.get(f), f + " of " + a);
            }
        }

        // --rename-ids: the same requests under new ids
        Cli.Topics third = Cli.Topics.unique("replay3");
        assertEquals(0, Cli.run(Cli.onBroker(third, "topics")).exit());
        assertEquals(0, Cli.run(Cli.onBroker(third, "replay", "--trace", rec1.toString(), "--rename-ids", "--id-prefix", "again",
            "--no-progress", "--speed", "10")).exit());
        Cli.Result renamed = Cli.run(Cli.onBroker(third, "consume", "requests", "--from-beginning"));
        assertEquals(300, renamed.out().lines().filter(l -> l.contains("\"request_id\":\"again-")).count(), renamed::toString);
    }

    @Test
    void sigtermMidReplayStopsCleanlyAndSaysHowFarItGot() throws Exception {
        Path trace = Cli.trace(Cli.AZURE);
        Cli.Topics t = Cli.Topics.unique("replay-stop");
        assertEquals(0, Cli.run(Cli.onBroker(t, "topics")).exit());
        List<String> args = Cli.onBroker(t, "replay", "--trace", trace.toString(), "--limit", "2000", "--speed", "2");
        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.homeostat"),
            Homeostat.class.getName(), args)).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.startsWith("replay [")) { // the first progress line: sending has begun
                    p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the replay stopped");
        String all = String.join("\n", output);
        assertEquals(143, p.exitValue(), all);
        assertTrue(all.contains("stopped after sending") && all.contains("of 2000 requests") && all.contains("continue with --skip"),
            all);
    }

    private static List<JsonNode> sortedByArrival(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        // ties (equal microseconds) in trace order: the id's suffix is the trace index
        out.sort(Comparator.<JsonNode>comparingLong(n -> n.get("arrival_ns").asLong())
            .thenComparingLong(n -> Long.parseLong(n.get("request_id").asText().replaceAll("^.*-", ""))));
        return out;
    }
}
