package io.homeostat.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.kafka.embedded.ChildJvm;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.SharedKafka;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker in a child JVM is killed with SIGKILL at seeded random moments while it executes batches, and
 * restarted with the same worker id each time. Afterwards every request has exactly one committed result:
 * the killed incarnation's open transaction is aborted when the next one fences it (same transactional.id),
 * and its batch is executed again from the committed offset.
 */
@ExtendWith(SharedKafka.class)
class WorkerCrashIntegrationTest {
    private static final int BATCHES = 150;
    private static final int KILLS = 3;

    @Test
    void killedMidTransactionAndRestartedLosesNothingAndDuplicatesNothing() throws Exception {
        WorkerFixture f = new WorkerFixture("worker-crash");
        List<Batch> batches = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (int b = 0; b < BATCHES; b++) {
            List<InferenceRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "c-" + b + "-" + i;
                ids.add(id);
                reqs.add(TestBatches.request(id, "pool-0", 24, 100));
            }
            batches.add(TestBatches.batch("pool-0", b + 1, reqs));
        }
        f.produceBatches(batches);
        Path log = Files.createTempFile("worker-crash", ".log");
        Random random = new Random(20261122);
        int committedBefore = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = start(f, log);
            // wait until this incarnation has committed something, then kill it at a random moment after
            int committed = f.readCommitted(f.topics.results(), committedBefore + 1, Duration.ofSeconds(60), r -> r).size();
            assertTrue(committed > committedBefore, "incarnation " + kill + " made no progress; log: " + log);
            Thread.sleep(random.nextInt(400));
            p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no LeaveGroup, no EndTxn
            committedBefore = f.readCommitted(f.topics.results(), ids.size(), Duration.ofSeconds(2), r -> r).size();
        }
        assertTrue(committedBefore < ids.size(), "the kills came too late to test anything: all " + ids.size()
                + " results were committed before the last restart");
        Process last = start(f, log);
        try {
            List<String> got = f.readCommitted(f.topics.results(), ids.size(), Duration.ofSeconds(120),
                    r -> AvroSerde.of(InferenceResult.class, f.config.serdeProps(), false).deserializer().decode(r).getRequestId());
            Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertEquals(ids, new TreeSet<>(counts.keySet()), "lost results; worker log: " + log);
            assertTrue(counts.values().stream().allMatch(c -> c == 1),
                    "duplicated: " + counts.entrySet().stream().filter(e -> e.getValue() > 1).toList());
        } finally {
            last.destroy();
            last.waitFor();
        }
    }

    private static Process start(WorkerFixture f, Path log) throws Exception {
        List<String> args = f.settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of("-Xmx512m"), WorkerMain.class.getName(), args));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(new File(System.getProperty("java.io.tmpdir")));
        return pb.start();
    }
}
