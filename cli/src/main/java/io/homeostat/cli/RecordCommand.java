package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.core.Request;
import io.homeostat.sim.trace.HomeostatJsonlWriter;
import io.homeostat.sim.trace.TraceRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code record}: the requests topic → the project's JSONL trace format, with the original client
 * timestamps ({@code arrival_ns = client_timestamp_us × 1000}) and every field a replay needs, so
 * {@code replay --format jsonl} sends the same requests at the same relative times.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Record the requests topic to the project's JSONL trace format.",
        "Capture the requests topic to the project's JSONL trace format (original client timestamps, ids, "
        + "tenants, bids, tokens, prefixes), for a later ./homeostat replay --format jsonl."},
    footer = {"", "Example: ./homeostat record --bootstrap-servers localhost:29092 --from-beginning --out traffic.jsonl"})
public final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file (default: stdout).")
    Path out;

    @Mixin
    ReadOptions reading;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (out != null && out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (StopSignal stop = StopSignal.install();
             KafkaSession kafka = KafkaSession.connect(options.settings(), "record");
             Writer w = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                 : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String topic = kafka.config().topics().requests();
            HomeostatJsonlWriter writer = new HomeostatJsonlWriter(w);
            AtomicLong index = new AtomicLong();
            long n = ConsumeCommand.read(kafka, topic, InferenceRequest.class, reading.fromBeginning, reading.follow,
                reading.limit, reading.idleTimeout(), stop, r -> {
                    try {
                        writer.write(toTraceRecord(r, index.getAndIncrement()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, err);
            w.flush();
            err.println("recorded " + n + " request(s) from " + topic + (out == null ? "" : " to " + out));
            err.flush();
            return reading.incomplete(n, stop) ? ExitCode.INCOMPLETE : ExitCode.OK;
        }
    }

    /** A request as a trace record on the client's time line (ns). */
    static TraceRecord toTraceRecord(InferenceRequest r, long index) {
        long arrivalNs = Math.multiplyExact(r.getClientTimestampUs(), 1_000L);
        long deadlineNs = r.getDeadlineUs() == null ? Request.NO_DEADLINE : Math.multiplyExact(r.getDeadlineUs(), 1_000L);
        long[] hashes = r.getPrefixHashes().stream().mapToLong(Long::longValue).toArray();
        var attributes = new LinkedHashMap<String, String>();
        r.getAttributes().forEach((k, v) -> attributes.put(k.toString(), v.toString()));
        return new TraceRecord(index, index + 1, arrivalNs, r.getPromptTokens(), r.getMaxNewTokens(), r.getRequestId(),
            r.getTenant(), r.getPool(), r.getPriorityBid(), deadlineNs, r.getAgentId(), hashes, r.getPromptText(), attributes,
            r.getTracePromptTokens(), r.getTraceOutputTokens());
    }
}
