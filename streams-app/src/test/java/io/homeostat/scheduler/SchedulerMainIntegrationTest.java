package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.config.Topics;
import io.homeostat.kafka.embedded.ChildJvm;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.kafka.test.TestSchemaRegistryServer;
import io.homeostat.kafka.topics.TopicProvisioner;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SchedulerMain} as a child process (what crash tests and containers run): SIGKILLed
 * while it schedules, restarted on the same state directory, then stopped with SIGTERM. A
 * read_committed reader finds every request in exactly one batch. The registry is a real HTTP
 * one, shared by this JVM and the child.
 */
@ExtendWith(SharedKafka.class)
class SchedulerMainIntegrationTest {
    static final int REQUESTS = 3_000;

    @TempDir
    Path state;

    @Test
    void aKilledSchedulerProcessRestartsWithoutLosingOrRepeatingARequest() throws Exception {
        try (TestSchemaRegistryServer registry = TestSchemaRegistryServer.start()) {
            String prefix = SharedKafka.unique("sched-main");
            Map<String, String> s = SchedulerIntegrationTest.settings(prefix, state.resolve("child"));
            s.put("schema.registry.url", registry.url());
            s.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
            s.put(SchedulerAppConfig.INSTANCE_ID_CONFIG, prefix + "-instance"); // the restart takes the pools back at once
            SchedulerAppConfig config = new SchedulerAppConfig(s);
            Topics topics = config.topics();
            List<String> args = s.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            Path log = Files.createTempFile("scheduler-main", ".log");
            AvroSerializer<InferenceRequest> ser = AvroSerde.of(InferenceRequest.class, config.serdeProps(), false).serializer();
            Set<String> ids = new HashSet<>();
            try (Admin admin = Admin.create(config.adminProps())) { // before producing: no auto-created 1-partition topics
                new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(config.topicCatalog());
            }
            Process first = start(args, log);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.producerProps(Map.of()),
                    new StringSerializer(), new ByteArraySerializer())) {
                SchedulerIntegrationTest.produce(producer, ser, topics, 0, REQUESTS / 2, ids, new AtomicInteger());
                producer.flush();
                long seen = SchedulerIntegrationTest.countBatchedUntil(config, topics, 100, Duration.ofSeconds(90));
                assertTrue(seen >= 100, "the child scheduler cut batches; log: " + Files.readString(log));
                SchedulerIntegrationTest.produce(producer, ser, topics, REQUESTS / 2, REQUESTS, ids, new AtomicInteger());
                producer.flush();
                first.destroyForcibly().waitFor(); // SIGKILL: no commit, no LeaveGroup, an open transaction
            }
            Process second = start(args, log);
            try {
                Map<String, Integer> counts = SchedulerIntegrationTest.readBatches(config, topics, REQUESTS,
                    Duration.ofSeconds(120));
                assertEquals(ids, counts.keySet(), "every request batched; log: " + log);
                List<String> twice = new ArrayList<>();
                counts.forEach((id, n) -> {
                    if (n != 1) {
                        twice.add(id);
                    }
                });
                assertEquals(List.of(), twice, "none twice");
            } finally {
                second.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the scheduler");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(out.contains("RUNNING -> PENDING_SHUTDOWN"), "clean shutdown on SIGTERM:\n" + out);
        }
    }

    @Test
    void aConfigurationErrorExitsWithTwoAndOneLine() throws Exception {
        Path log = Files.createTempFile("scheduler-main-bad", ".log");
        Process p = start(List.of("bootstrap.servers=localhost:1", "window.bse.ms=20"), log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("Unknown configuration key 'window.bse.ms'") && out.contains("window.base.ms"), out);
    }

    private static Process start(List<String> args, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of("-Xmx512m"), SchedulerMain.class.getName(), args));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(new File(System.getProperty("java.io.tmpdir")));
        return pb.start();
    }
}
