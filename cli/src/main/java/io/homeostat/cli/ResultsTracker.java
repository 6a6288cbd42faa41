package io.homeostat.cli;

import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches the results (and metrics) topics from the moment it is created, on its own thread, and
 * counts the answers to the requests it was told to expect: what {@code replay --await-results}
 * waits on and what the demo's status line shows. read_committed, so a result counts once it is
 * committed, exactly as a client would see it.
 */
final class ResultsTracker implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroDeserializer<InferenceResult> results;
    private final AvroDeserializer<StabilityMetrics> metrics;
    private final String resultsTopic;
    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicReference<StabilityMetrics> lastMetrics = new AtomicReference<>();
    private final AtomicReference<InferenceResult> lastResult = new AtomicReference<>();
    private final double[] recentLatencyMs = new double[2000];
    private long latencies;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Exception failure;

    ResultsTracker(KafkaSession kafka, boolean withMetrics) {
        this.resultsTopic = kafka.config().topics().results();
        List<String> topics = new ArrayList<>(List.of(resultsTopic));
        if (withMetrics) {
            topics.add(kafka.config().topics().metrics());
        }
        List<TopicPartition> partitions = kafka.partitions(topics.toArray(String[]::new));
        this.results = kafka.deserializer(InferenceResult.class);
        this.metrics = kafka.deserializer(StabilityMetrics.class);
        this.consumer = kafka.rawConsumer();
        KafkaSession.position(consumer, partitions, false);
        this.thread = new Thread(this::loop, "homeostat-results-tracker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void expect(String requestId) {
        expected.add(requestId);
    }

    int expectedCount() {
        return expected.size();
    }

    int answeredCount() {
        return answered.size();
    }

    long duplicates() {
        return duplicates.get();
    }

    Map<String, Long> statusCounts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        byStatus.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    StabilityMetrics lastMetrics() {
        return lastMetrics.get();
    }

    InferenceResult lastResult() {
        return lastResult.get();
    }

    /** p-quantile of end-to-end latency over the last 2,000 answers, ms (NaN before the first). */
    synchronized double latencyMs(double q) {
        int n = (int) Math.min(latencies, recentLatencyMs.length);
        if (n == 0) {
            return Double.NaN;
        }
        double[] xs = Arrays.copyOf(recentLatencyMs, n);
        Arrays.sort(xs);
        return xs[(int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
    }

    /** Waits until every expected request is answered, no answer came for {@code idle}, or a stop; true when all are in. */
    boolean awaitAll(Duration idle, StopSignal stop, Runnable onTick) {
        int seen = -1;
        long lastChange = System.nanoTime();
        while (answeredCount() < expectedCount()) {
            if (failure != null) {
                throw new CliException(ExitCode.FAILED, "reading " + resultsTopic + " failed: " + Failures.message(failure));
            }
            int now = answeredCount();
            if (now != seen) {
                seen = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > idle.toNanos()) {
                return false;
            }
            if (stop.sleep(Duration.ofMillis(100))) {
                return false;
            }
            onTick.run();
        }
        return true;
    }

    private void loop() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        if (r.topic().equals(resultsTopic)) {
                            onResult(results.decode(r));
                        } else {
                            StabilityMetrics m = metrics.decode(r);
                            if (m != null) {
                                lastMetrics.set(m);
                            }
                        }
                    } catch (WireFormatException e) {
                        // not ours to judge: consume prints undecodable records; the tracker only counts answers
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void onResult(InferenceResult r) {
        if (r == null || !expected.contains(r.getRequestId())) {
            return;
        }
        if (!answered.add(r.getRequestId())) {
            duplicates.incrementAndGet();
            return;
        }
        byStatus.computeIfAbsent(r.getStatus().name(), k -> new AtomicLong()).incrementAndGet();
        lastResult.set(r);
        synchronized (this) {
            recentLatencyMs[(int) (latencies++ % recentLatencyMs.length)] = r.getTiming().getEndToEndMs();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
