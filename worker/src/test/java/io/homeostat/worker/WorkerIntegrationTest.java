package io.homeostat.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.ResultStatus;
import io.homeostat.avro.WorkerMetrics;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker on a real broker: batches in; one result per request, completions and metrics out, exactly once. */
@ExtendWith(SharedKafka.class)
class WorkerIntegrationTest {

    @Test
    void answersEveryRequestOnceAndReportsEachBatch() throws Exception {
        WorkerFixture f = new WorkerFixture("worker-it");
        List<Batch> batches = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (int b = 0; b < 20; b++) {
            List<InferenceRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 1 + b % 5; i++) {
                String id = "r-" + b + "-" + i;
                ids.add(id);
                reqs.add(TestBatches.request(id, "pool-" + b % 2, 4 + i, 3));
            }
            batches.add(TestBatches.batch("pool-" + b % 2, b + 1, reqs));
        }
        // one too long for the 128-token context: answered REJECTED with the numbers, not dropped
        InferenceRequest huge = TestBatches.request("too-long", "pool-0", 120, 20);
        ids.add("too-long");
        batches.add(TestBatches.batch("pool-0", 99, List.of(huge)));
        f.produceBatches(batches);
        f.produceRaw(f.topics.batches(), "pool-1", new byte[] {0, 0, 0, 0, 9, 1, 2}); // unknown schema id

        AvroDeserializer<InferenceResult> results = AvroSerde.of(InferenceResult.class, f.config.serdeProps(), false).deserializer();
        try (WorkerApp app = WorkerApp.start(f.config)) {
            assertTrue(app.isRunning());
            List<InferenceResult> got = f.readCommitted(f.topics.results(), ids.size(), Duration.ofSeconds(60), results::decode);
            Map<String, Long> counts = got.stream().collect(Collectors.groupingBy(InferenceResult::getRequestId, Collectors.counting()));
            assertEquals(ids, new TreeSet<>(counts.keySet()), "every request answered");
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "none twice: " + counts);
            InferenceResult tooLong = got.stream().filter(r -> r.getRequestId().equals("too-long")).findFirst().orElseThrow();
            assertEquals(ResultStatus.REJECTED, tooLong.getStatus());
            assertTrue(tooLong.getReason().contains("context of 128"), tooLong.getReason());
            InferenceResult ok = got.stream().filter(r -> r.getRequestId().equals("r-3-2")).findFirst().orElseThrow();
            assertEquals(ResultStatus.OK, ok.getStatus());
            assertEquals(3, ok.getOutputTokens().size());
            assertEquals("pool-1-4", ok.getBatchId());
            assertEquals(4, ok.getBatchSize());
            assertEquals("cpu", ok.getExecutor());
            assertTrue(ok.getTiming().getServiceMs() > 0);
            assertEquals(ok.getTiming().getServiceEndUs() - ok.getTiming().getClientUs(),
                    Math.round(ok.getTiming().getEndToEndMs() * 1000));

            List<Completion> done = f.readCommitted(f.topics.completions(), batches.size(), Duration.ofSeconds(30),
                    AvroSerde.of(Completion.class, f.config.serdeProps(), false).deserializer()::decode);
            assertEquals(batches.size(), done.size());
            Completion c = done.stream().filter(x -> x.getBatchId().equals("pool-0-5")).findFirst().orElseThrow();
            assertEquals(5, c.getExecuted());
            assertTrue(c.getServiceTimeMs() > 0 && c.getBlocksUsed() > 0);
            assertEquals(256, c.getPoolState().getTotalBlocks());

            List<DeadLetter> dead = f.readCommitted(f.topics.deadLetter(), 1, Duration.ofSeconds(30),
                    AvroSerde.of(DeadLetter.class, f.config.serdeProps(), false).deserializer()::decode);
            assertEquals(1, dead.size());
            assertEquals("DESERIALIZE", dead.get(0).getStage());
            assertEquals(f.topics.batches(), dead.get(0).getTopic());

            List<WorkerMetrics> metrics = f.readCommitted(f.topics.workerMetrics(), 1, Duration.ofSeconds(30),
                    AvroSerde.of(WorkerMetrics.class, f.config.serdeProps(), false).deserializer()::decode);
            assertFalse(metrics.isEmpty());
            assertTrue(metrics.stream().mapToLong(WorkerMetrics::getRequests).sum() > 0);
        }
    }
}
