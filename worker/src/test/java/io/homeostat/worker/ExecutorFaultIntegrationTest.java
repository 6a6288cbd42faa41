package io.homeostat.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.ResultStatus;
import io.homeostat.engine.cuda.Executors;
import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.ExecutorException;
import io.homeostat.engine.kv.PoolStats;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.test.SharedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executor faults injected into a real worker on a real broker: the CPU executor wrapped in a decorator
 * that, by the batch's id, throws, runs out of memory, or hangs past the batch timeout. Bounded retries
 * must turn transient faults into OK results and persistent ones into FAILED results with the reason;
 * the worker must stay up and serve the batches that follow.
 *
 * <pre>
 *   pool-1 ok   pool-2 throws always   pool-3 OOM once   pool-4 hangs always   pool-5 throws once   pool-6.. ok
 *     OK          FAILED (reason)        OK (rebuilt)      FAILED (timeout)      OK (retried)        OK
 * </pre>
 */
@ExtendWith(SharedKafka.class)
class ExecutorFaultIntegrationTest {
    /** Attempts per batch id, across executor instances (a fault may make the worker rebuild its executor). */
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Test
    void faultsAreRetriedThenFailedWithAReasonAndTheWorkerGoesOn() throws Exception {
        WorkerFixture f = new WorkerFixture("executor-faults");
        f.settings.put(WorkerConfig.MAX_ATTEMPTS_CONFIG, "3");
        f.settings.put(WorkerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
        f.settings.put(WorkerConfig.BATCH_TIMEOUT_MS_CONFIG, "1500");
        WorkerConfig config = new WorkerConfig(f.settings);
        LoadedModel model = LoadedModel.load(config);
        var spec = WorkerApp.spec(config, model);
        AtomicInteger instances = new AtomicInteger();
        TransactionalWorker worker = new TransactionalWorker(config,
            () -> {
                instances.incrementAndGet();
                return new FaultInjecting(Executors.open(model.weights(), spec));
            }, model, Clock.systemUTC());

        String[] kinds = {"ok", "throw", "oom", "hang", "flaky", "ok", "ok", "ok"};
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < kinds.length; b++) {
            List<InferenceRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reqs.add(TestBatches.request(kinds[b] + "-" + b + "-" + i, "pool-0", 16, 4));
            }
            Batch batch = TestBatches.batch("pool-0", b + 1, reqs);
            batch.setBatchId(kinds[b] + "-" + b);
            batches.add(batch);
        }
        Thread thread = new Thread(worker, "faulty-worker");
        thread.start();
        try {
            f.produceBatches(batches);
            var decoder = AvroSerde.of(InferenceResult.class, f.config.serdeProps(), false).deserializer();
            List<InferenceResult> results = f.readCommitted(f.topics.results(), kinds.length * 3, Duration.ofSeconds(90),
                decoder::decode);
            assertTrue(thread.isAlive(), "the worker stopped");
            Map<String, List<InferenceResult>> byBatch = results.stream()
                .collect(Collectors.groupingBy(r -> r.getBatchId().toString()));
            assertEquals(kinds.length, byBatch.size(), "batches without results: " + byBatch.keySet());
            for (int b = 0; b < kinds.length; b++) {
                String id = kinds[b] + "-" + b;
                List<InferenceResult> rs = byBatch.get(id);
                assertEquals(3, rs.size(), id + ": one result per request, got " + rs);
                boolean persistent = kinds[b].equals("throw") || kinds[b].equals("hang");
                for (InferenceResult r : rs) {
                    assertEquals(persistent ? ResultStatus.FAILED : ResultStatus.OK, r.getStatus(), id + ": " + r);
                    if (persistent) {
                        String reason = String.valueOf(r.getReason());
                        assertTrue(reason.contains("3 attempt") || reason.contains("attempts"), id + " reason: " + reason);
                        assertTrue(kinds[b].equals("throw") ? reason.contains("injected fault")
                            : reason.contains("timeout") || reason.contains("timed out"), id + " reason: " + reason);
                    }
                }
                int expectedAttempts = switch (kinds[b]) {
                    case "throw", "hang" -> 3;
                    case "oom", "flaky" -> 2;
                    default -> 1;
                };
                assertEquals(expectedAttempts, ATTEMPTS.get(id).get(), id + " attempts");
            }
            assertTrue(instances.get() >= 2, "an out-of-memory or a hang must rebuild the executor");
        } finally {
            worker.stop();
            thread.join(30_000);
        }
    }

    /** Wraps a real executor; the batch id says which fault to inject on which attempt. */
    private static final class FaultInjecting implements BatchExecutor {
        private final BatchExecutor real;

        FaultInjecting(BatchExecutor real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String device() {
            return real.device();
        }

        @Override
        public BatchOutcome execute(ExecutionBatch batch) throws ExecutorException {
            int attempt = ATTEMPTS.computeIfAbsent(batch.batchId(), k -> new AtomicInteger()).incrementAndGet();
            String kind = batch.batchId().substring(0, batch.batchId().indexOf('-'));
            switch (kind) {
                case "throw" -> throw new ExecutorException("injected fault (attempt " + attempt + ")", true);
                case "flaky" -> {
                    if (attempt == 1) {
                        throw new ExecutorException("injected transient fault", true);
                    }
                }
                case "oom" -> {
                    if (attempt == 1) {
                        throw new OutOfMemoryError("injected: CUDA out of memory (simulated)");
                    }
                }
                case "hang" -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ExecutorException("interrupted while hanging", e, true);
                    }
                }
                default -> { }
            }
            return real.execute(batch);
        }

        @Override
        public PoolStats poolStats() {
            return real.poolStats();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
