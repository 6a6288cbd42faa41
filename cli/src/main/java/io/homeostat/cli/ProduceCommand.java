package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.sim.trace.OnError;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code produce}: JSON lines (a file or stdin) → InferenceRequests on the requests topic, keyed by pool. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Put requests (JSON lines from a file or stdin) on the requests topic.",
        "Read JSON lines (one request each; field names as in the InferenceRequest schema) and put them on "
        + "the requests topic, keyed by pool. Required: max_new_tokens and prompt_text or prompt_tokens. "
        + "Defaults: request_id <id-prefix>-<line>, tenant/pool/priority_bid from the options, "
        + "client_timestamp_us now."},
    footer = {"", "Example: echo '{\"tenant\":\"acme\",\"prompt_text\":\"Hello\",\"max_new_tokens\":16}' \\",
        "           | ./homeostat produce --bootstrap-servers localhost:29092"})
public final class ProduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "JSON-lines file; '-' or absent: stdin.")
    String input;

    @Option(names = "--on-error", paramLabel = "skip|stop", defaultValue = "stop",
        description = "Invalid line: stop there (default; lines before it are sent), or skip it and count it.")
    OnError onError;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant of lines without one (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--pool", defaultValue = "default", description = "Pool of lines without one (default: ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--bid", defaultValue = "1", description = "priority_bid of lines without one (default: ${DEFAULT-VALUE}).")
    double bid;

    @Option(names = "--id-prefix", description = "request_id prefix for lines without one (default: a random one).")
    String idPrefix;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String prefix = idPrefix != null ? idPrefix : "req-" + UUID.randomUUID().toString().substring(0, 8);
        boolean stdin = input == null || input.equals("-");
        String source = stdin ? "stdin" : input;
        if (!stdin && !Files.isRegularFile(Path.of(input))) {
            throw CliException.badInput("input file not found: " + input);
        }
        RequestJson parser = new RequestJson(new RequestJson.Defaults(prefix, tenant, pool, bid), source);
        long sent = 0;
        long skipped = 0;
        try (KafkaSession kafka = KafkaSession.connect(options.settings(), "produce")) {
            String topic = kafka.config().topics().requests();
            kafka.partitions(topic);
            try (BufferedReader in = stdin ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
                 KafkaProducer<String, InferenceRequest> producer = kafka.producer(InferenceRequest.class, Map.of())) {
                String line;
                long lineNo = 0;
                try {
                    while ((line = in.readLine()) != null) {
                        lineNo++;
                        if (line.isBlank()) {
                            continue;
                        }
                        InferenceRequest r;
                        try {
                            r = parser.parse(line, lineNo, nowUs());
                        } catch (CliException e) {
                            if (onError == OnError.STOP) {
                                throw e;
                            }
                            skipped++;
                            err.println("skipped " + e.getMessage());
                            continue;
                        }
                        producer.send(new ProducerRecord<>(topic, r.getPool(), r));
                        sent++;
                    }
                } finally {
                    producer.flush();
                    err.println("produced " + sent + " request(s) to " + topic + (skipped > 0 ? ", skipped " + skipped + " invalid line(s)" : ""));
                    err.flush();
                }
            }
        }
        return ExitCode.OK;
    }

    static long nowUs() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
