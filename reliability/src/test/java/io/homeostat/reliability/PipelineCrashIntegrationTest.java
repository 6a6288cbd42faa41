package io.homeostat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.kafka.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The crash test of the whole pipeline. Scheduler and worker run as separate child JVMs on an embedded
 * broker that is itself a child JVM. While requests are replayed at a steady rate, a seeded schedule
 * SIGKILLs the scheduler and the worker {@code homeostat.crash.kills} times each at random moments (and
 * restarts them at once, same ids and state directory, as a process supervisor would), and SIGKILLs and
 * restarts the broker once. Afterwards, reading read_committed:
 * <ul>
 *   <li>every request that the broker acknowledged has exactly one {@code InferenceResult}: 0 lost, 0
 *       duplicated;</li>
 *   <li>every request appears in exactly one committed {@code Batch}.</li>
 * </ul>
 *
 * <pre>
 *   t=0 ──────────── produce REQUESTS at RATE ───────────────────────► wait for every result
 *        ✕S   ✕W  ✕W   ✕B   ✕S  ✕W  ✕S ...   (seeded moments; S scheduler, W worker, B broker)
 * </pre>
 *
 * Profile: {@code -Dhomeostat.crash.requests} (default 20,000), {@code -Dhomeostat.crash.kills} (default
 * 5 of each), {@code -Dhomeostat.crash.seed}. docs/reliability.md has the figures and the long run.
 */
class PipelineCrashIntegrationTest {
    private static final int REQUESTS = Integer.getInteger("homeostat.crash.requests", 20_000);
    private static final int KILLS = Integer.getInteger("homeostat.crash.kills", 5);
    private static final long SEED = Long.getLong("homeostat.crash.seed", 20261201L);
    private static final int RATE_PER_S = Integer.getInteger("homeostat.crash.rate", 500);

    @Test
    void killedSchedulerWorkerAndBrokerLoseNothingAndDuplicateNothing() throws Exception {
        long startedNs = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().mode(EmbeddedKafka.Mode.CHILD).start()) {
            Pipeline p = new Pipeline("crash", kafka.bootstrapServers());
            Path schedulerLog = p.dir.resolve("scheduler.log");
            Path workerLog = p.dir.resolve("worker.log");
            Random random = new Random(SEED);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger sendFailures = new AtomicInteger();
            List<String> events = new ArrayList<>();
            try (Supervisor scheduler = new Supervisor("scheduler", () -> p.schedulerChild(schedulerLog));
                 Supervisor worker = new Supervisor("worker", () -> p.workerChild(workerLog))) {
                scheduler.start();
                worker.start();
                                Thread producer = new Thread(() -> produce(p, random.nextLong(), acked, sendFailures), "crash-producer");
                producer.start();

                // the chaos schedule: KILLS of each child plus one broker restart, in seeded order and moments
                List<String> roles = new ArrayList<>();
                for (int i = 0; i < KILLS; i++) {
                    roles.add("scheduler");
                    roles.add("worker");
                }
                Collections.shuffle(roles, random);
                roles.add("broker"); // last: while the broker is down acknowledgements stall, then catch up at once
                // each event fires when a seeded share of the requests has been acknowledged (so every kill lands
                // while traffic flows), and at least 1 s after the previous one was carried out (restart included,
                // so the new incarnation had time to get going, or not: kills during a restore are fair game)
                double[] at = new double[roles.size()];
                for (int i = 0; i < at.length - 1; i++) {
                    at[i] = 0.03 + 0.77 * random.nextDouble();
                }
                java.util.Arrays.sort(at, 0, at.length - 1);
                at[at.length - 1] = 0.88;
                long t0 = System.currentTimeMillis();
                int duringProduction = 0;
                for (int i = 0; i < roles.size(); i++) {
                    Thread.sleep(1_000);
                    while (acked.size() < at[i] * REQUESTS && producer.isAlive()) {
                        Thread.sleep(20);
                    }
                    String role = roles.get(i);
                    if (producer.isAlive()) {
                        duringProduction++;
                    }
                    events.add(String.format("%6.1f s kill %-9s (%d requests acknowledged so far)",
                        (System.currentTimeMillis() - t0) / 1000.0, role, acked.size()));
                    switch (role) {
                        case "scheduler" -> scheduler.killAndRestart();
                        case "worker" -> worker.killAndRestart();
                        default -> kafka.restart(true);
                    }
                }
                producer.join();
                assertTrue(duringProduction >= KILLS, "only " + duringProduction + " kills came while requests were "
                    + "still arriving: " + events);
                assertTrue(scheduler.alive(), "the scheduler exited by itself (" + scheduler.exitCode() + "); log: " + schedulerLog);
                assertTrue(worker.alive(), "the worker exited by itself (" + worker.exitCode() + "); log: " + workerLog);

                List<InferenceResult> results = p.reader().read(p.topics.results(), InferenceResult.class,
                    got -> got.size() >= acked.size() && ids(got, InferenceResult::getRequestId).containsAll(acked),
                    Duration.ofSeconds(240), Duration.ofSeconds(3));
                List<Batch> batches = p.reader().read(p.topics.batches(), Batch.class, got -> true,
                    Duration.ofSeconds(30), Duration.ofSeconds(3));

                Map<String, Long> perResult = counts(results.stream().map(InferenceResult::getRequestId).toList());
                Map<String, Long> perBatch = counts(batches.stream().flatMap(b -> b.getRequests().stream())
                    .map(BatchedRequest::getRequest).map(InferenceRequest::getRequestId).toList());
                Set<String> lost = acked.stream().filter(id -> !perResult.containsKey(id)).collect(Collectors.toSet());
                Map<String, Long> duplicated = duplicates(perResult);
                Map<String, Long> inTwoBatches = duplicates(perBatch);
                Map<String, Long> statuses = counts(results.stream().map(r -> r.getStatus().toString()).toList());
                String report = String.format("crash test: %d requests sent, %d acknowledged, %d send failures; kills: "
                        + "scheduler %d, worker %d, broker restarts 1; results %d (%s); lost %d; duplicated %d; "
                        + "in two batches %d; %d batches; %.1f s%n  %s%n  logs: %s", REQUESTS, acked.size(),
                    sendFailures.get(), scheduler.kills(), worker.kills(), results.size(), statuses, lost.size(),
                    duplicated.size(), inTwoBatches.size(), batches.size(), (System.nanoTime() - startedNs) / 1e9,
                    String.join("\n  ", events), p.dir);
                System.out.println(report);
                Files.writeString(Path.of("target", "crash-test.txt"), report);

                assertEquals(0, sendFailures.get(), "the producer could not deliver some requests: " + report);
                assertEquals(Set.of(), lost, "lost results: " + report);
                assertEquals(Map.of(), duplicated, "duplicated results: " + report);
                assertEquals(Map.of(), inTwoBatches, "requests in two committed batches: " + report);
                assertEquals(KILLS, scheduler.kills());
                assertEquals(KILLS, worker.kills());
            }
        }
    }

    /** Sends REQUESTS at RATE_PER_S from 4 tenants into 2 pools, recording which ones the broker acknowledged. */
    private static void produce(Pipeline p, long seed, Set<String> acked, AtomicInteger failures) {
        Random random = new Random(seed);
        var serializer = p.requestSerializer();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = p.producer()) {
            for (int i = 0; i < REQUESTS; i++) {
                long due = start + i * 1_000_000_000L / RATE_PER_S;
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
                String id = "crash-" + i;
                String pool = (i & 1) == 0 ? "pool-a" : "pool-b";
                InferenceRequest r = Pipeline.request(id, "tenant-" + random.nextInt(4), pool, random.nextInt(10));
                producer.send(new ProducerRecord<>(p.topics.requests(), pool, serializer.serialize(p.topics.requests(), r)),
                    (md, e) -> {
                        if (e == null) {
                            acked.add(id);
                        } else {
                            failures.incrementAndGet();
                        }
                    });
            }
            producer.flush();
        }
    }

    private static <T> Set<String> ids(List<T> records, Function<T, CharSequence> id) {
        return records.stream().map(r -> id.apply(r).toString()).collect(Collectors.toSet());
    }

    private static Map<String, Long> counts(List<? extends CharSequence> ids) {
        return ids.stream().map(CharSequence::toString).collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> duplicates(Map<String, Long> counts) {
        Map<String, Long> d = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (v > 1) {
                d.put(k, v);
            }
        });
        return d;
    }
}
