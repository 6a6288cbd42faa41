package io.homeostat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.ResultStatus;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.worker.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload: arrivals at 3x the pipeline's measured capacity for 30 s, then back to half of it.
 *
 * <pre>
 *   calibrate          overload (3 x mu, 30 s)            drain   recover (0.5 x mu, 10 s)
 *   |-- burst --|----------------------------------------|-----|----------------|
 *   mu = served/s      queue at its bound, lowest P_eff shed      nothing shed, queue back to ~0
 * </pre>
 *
 * The worker runs the default-width model (dim 288) so that it, as a GPU would, is the bottleneck. The
 * scheduler runs in a child JVM with a 256 MiB heap and GC logging, so its heap is measured (the live
 * heap after each collection) rather than guessed. What must hold:
 * <ul>
 *   <li>the queue never exceeds {@code queue.max.requests} (every metrics record's queue_depth);</li>
 *   <li>what neither service at mu nor the bounded queue can take is shed (three quarters of it at
 *       least: batches grow under overload); the shed come back REJECTED with the reason, and they are
 *       the low bids;</li>
 *   <li>every request gets exactly one result;</li>
 *   <li>the scheduler's live heap stays under 75 % of its maximum, and it never dies;</li>
 *   <li>admitted requests' p99 end-to-end latency stays bounded by the queue's drain time;</li>
 *   <li>afterwards, at half the capacity, nothing is shed and the queue empties.</li>
 * </ul>
 */
@ExtendWith(SharedKafka.class)
class OverloadIntegrationTest {
    private static final int QUEUE_BOUND = 1_000;
    private static final int OVERLOAD_S = 30;
    private static final long SCHEDULER_HEAP_MIB = 256;
    private static final Pattern GC_AFTER = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Test
    void theQueueStaysBoundedTheLowestAreShedAndTheSystemRecovers() throws Exception {
        Pipeline p = new Pipeline("overload", SharedKafka.bootstrapServers());
        p.scheduler.put("queue.max.requests", String.valueOf(QUEUE_BOUND));
        p.worker.put(WorkerConfig.MODEL_DIM_CONFIG, "288");
        p.worker.put(WorkerConfig.MODEL_HIDDEN_CONFIG, "768");
        p.worker.put(WorkerConfig.MODEL_LAYERS_CONFIG, "6");
        p.worker.put(WorkerConfig.MODEL_HEADS_CONFIG, "6");
        p.worker.put(WorkerConfig.MODEL_KV_HEADS_CONFIG, "6");
        p.worker.put(WorkerConfig.MODEL_VOCAB_CONFIG, "4096");
        Path gcLog = p.dir.resolve("scheduler-gc.log");
        Path log = p.dir.resolve("children.log");
        try (Supervisor scheduler = new Supervisor("scheduler", () -> Pipeline.child(io.homeostat.scheduler.SchedulerMain.class,
                 p.scheduler, List.of("-Xmx" + SCHEDULER_HEAP_MIB + "m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                     "-Xlog:gc:file=" + gcLog, "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.homeostat"), log));
             Supervisor worker = new Supervisor("worker", () -> p.workerChild(log));
             KafkaProducer<String, byte[]> producer = p.producer()) {
            scheduler.start();
            worker.start();
            Sender send = new Sender(p, producer);

            // 1. capacity: warm the worker up (JIT, first batches), then a burst it cannot keep up with; mu is
            //    the steady service rate, from the results' service end times between the 10th and 90th percentile
            send.burst("warm", 200);
            assertEquals(send.count(), awaitResults(p, send.count(), Duration.ofSeconds(180)).size(), "warm-up lost requests");
            send.burst("cal", 800);
            List<InferenceResult> cal = awaitResults(p, send.count(), Duration.ofSeconds(240));
            assertEquals(send.count(), cal.size(), "calibration lost requests");
            long[] ends = cal.stream().filter(r -> r.getRequestId().startsWith("cal-"))
                .mapToLong(r -> r.getTiming().getServiceEndUs()).sorted().toArray();
            int lo = ends.length / 10;
            int hi = ends.length * 9 / 10;
            double mu = (hi - lo) / ((ends[hi] - ends[lo]) / 1e6);

            // 2. overload at 3 mu, 3. drain, 4. recover at mu / 2
            int before = send.count();
            send.paced("over", 3 * mu, OVERLOAD_S);
            int overloadSent = send.count() - before;
            List<InferenceResult> afterOverload = awaitResults(p, send.count(), Duration.ofSeconds(240));
            int recoverFrom = send.count();
            send.paced("rec", mu / 2, 10);
            List<InferenceResult> all = awaitResults(p, send.count(), Duration.ofSeconds(120));
            assertTrue(scheduler.alive(), "the scheduler died (exit " + scheduler.exitCode() + "); log: " + log);

            List<StabilityMetrics> metrics = p.reader().read(p.topics.metrics(), StabilityMetrics.class, got -> true,
                Duration.ofSeconds(10), Duration.ofSeconds(1));
            Map<String, InferenceResult> byId = new HashMap<>();
            for (InferenceResult r : all) {
                assertTrue(byId.put(r.getRequestId(), r) == null, "two results for " + r.getRequestId());
            }
            assertEquals(send.count(), byId.size(), "requests without a result");

            List<InferenceResult> over = send.ids("over").stream().map(byId::get).toList();
            List<InferenceResult> shed = over.stream().filter(r -> r.getStatus() == ResultStatus.REJECTED).toList();
            List<InferenceResult> served = over.stream().filter(r -> r.getStatus() == ResultStatus.OK).toList();
            List<InferenceResult> recovered = send.ids("rec").stream().map(byId::get).toList();
            int maxDepth = metrics.stream().mapToInt(StabilityMetrics::getQueueDepth).max().orElse(-1);
            int maxDepthAtEnd = metrics.stream().skip(Math.max(0, metrics.size() - 4))
                .mapToInt(StabilityMetrics::getQueueDepth).max().orElse(-1);
            double p99 = percentile(served.stream().map(r -> r.getTiming().getEndToEndMs()).toList(), 0.99);
            double drainS = QUEUE_BOUND / mu;
            long[] heap = heapAfterGc(gcLog);
            String report = String.format("overload test: capacity %.0f req/s; overload %d requests at %.0f req/s "
                    + "for %d s: %d served, %d shed (mean bid served %.2f, shed %.2f); max queue depth %d (bound %d); "
                    + "p99 end-to-end of served %.0f ms (queue drain time %.1f s); scheduler live heap after GC: max "
                    + "%d MiB of %d MiB (%d collections); recovery: %d requests at %.0f req/s, %s; queue depth at end %d%n"
                    + "  logs: %s", mu, overloadSent, 3 * mu, OVERLOAD_S, served.size(), shed.size(), meanBid(send, served),
                meanBid(send, shed), maxDepth, QUEUE_BOUND, p99, drainS, heap[0], heap[1], heap[2], recovered.size(),
                mu / 2, counts(recovered), maxDepthAtEnd, p.dir);
            System.out.println(report);
            Files.writeString(Path.of("target", "overload-test.txt"), report);

            assertTrue(maxDepth >= 0 && maxDepth <= QUEUE_BOUND, report);
            // What neither service at the measured rate nor the bounded queue can take must be shed. The queue
            // takes QUEUE_BOUND of it, which is a third of the overload or more when mu is low: a slow machine
            // (mu 28 req/s) shed 812 of 2,562, as it should, against a fixed "a third of the sent" that expected 854.
            // Batches grow under overload, so service may beat mu: three quarters of the excess is asked.
            double excess = overloadSent - mu * OVERLOAD_S - QUEUE_BOUND;
            assertTrue(excess > 0, "the overload did not exceed service plus the queue bound: " + report);
            assertTrue(shed.size() >= 0.75 * excess,
                String.format("3x overload shed too little (expected >= %.0f): %s", 0.75 * excess, report));
            assertTrue(shed.stream().allMatch(r -> r.getReason() != null && r.getReason().contains("queue bound")), report);
            assertTrue(meanBid(send, shed) < meanBid(send, served) - 1, "the shed are not the low bids: " + report);
            assertTrue(heap[2] > 0 && heap[0] < heap[1] * 3 / 4, "scheduler heap not bounded: " + report);
            assertTrue(p99 < 2 * drainS * 1000 + 5_000, "admitted p99 unbounded: " + report);
            assertTrue(recovered.stream().allMatch(r -> r.getStatus() == ResultStatus.OK), "did not recover: " + report);
            assertTrue(maxDepthAtEnd < 50, "the queue did not empty: " + report);
            assertTrue(afterOverload.size() >= recoverFrom, report);
        }
    }

    private static List<InferenceResult> awaitResults(Pipeline p, int expected, Duration timeout) {
        return p.reader().read(p.topics.results(), InferenceResult.class, got -> got.size() >= expected, timeout,
            Duration.ofMillis(500));
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private static double meanBid(Sender s, Collection<InferenceResult> rs) {
        return rs.stream().mapToDouble(r -> s.bids.get(r.getRequestId())).average().orElse(Double.NaN);
    }

    private static Map<String, Long> counts(List<InferenceResult> rs) {
        return rs.stream().collect(Collectors.groupingBy(r -> r.getStatus().toString(), Collectors.counting()));
    }

    /** {max live heap after GC MiB, heap capacity MiB, collections} from a -Xlog:gc file. */
    private static long[] heapAfterGc(Path gcLog) throws java.io.IOException {
        long max = 0;
        long n = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_AFTER.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(2)));
                n++;
            }
        }
        return new long[] {max, SCHEDULER_HEAP_MIB, n};
    }

    /** Sends requests (one pool, 4 tenants, bids 0..9 seeded) and remembers each id's phase and bid. */
    private static final class Sender {
        private final Pipeline p;
        private final KafkaProducer<String, byte[]> producer;
        private final io.homeostat.kafka.serde.AvroSerializer<InferenceRequest> serializer;
        private final Random random = new Random(3);
        final Map<String, Double> bids = new HashMap<>();
        private final Map<String, List<String>> phases = new HashMap<>();

        Sender(Pipeline p, KafkaProducer<String, byte[]> producer) {
            this.p = p;
            this.producer = producer;
            this.serializer = p.requestSerializer();
        }

        int count() {
            return bids.size();
        }

        List<String> ids(String phase) {
            return phases.getOrDefault(phase, List.of());
        }

        void burst(String phase, int n) {
            for (int i = 0; i < n; i++) {
                one(phase);
            }
            producer.flush();
        }

        void paced(String phase, double perSecond, int seconds) {
            long start = System.nanoTime();
            long n = Math.round(perSecond * seconds);
            for (long i = 0; i < n; i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                one(phase);
            }
            producer.flush();
        }

        private void one(String phase) {
            String id = phase + "-" + bids.size();
            double bid = random.nextInt(10);
            bids.put(id, bid);
            phases.computeIfAbsent(phase, k -> new ArrayList<>()).add(id);
            InferenceRequest r = Pipeline.request(id, "tenant-" + random.nextInt(4), "pool-a", bid);
            producer.send(new ProducerRecord<>(p.topics.requests(), "pool-a", serializer.serialize(p.topics.requests(), r)));
        }
    }
}
