package io.homeostat.bench.scheduler;

import io.homeostat.avro.Batch;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.config.ConfigLoader;
import io.homeostat.config.Topics;
import io.homeostat.kafka.embedded.EmbeddedKafka;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.scheduler.SchedulerClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The scheduler (streams-app) on the embedded broker, broker and app in one JVM on the same cores.
 *
 * <pre>
 *   (a) throughput, exactly_once_v2, N requests pre-produced to inference.requests (4 pools):
 *       pass-through   requests ──[Avro deserialize ─► Avro serialize]──► batches-passthrough
 *       scheduler      requests ──[SchedulerTopology]──────────────────► batches (B_max 32)
 *                      completions ◄── CompletionFeeder (answers each committed batch at once) ◄──┘
 *       rate = input records committed by the application's group / time from first to last commit
 *       ratio = scheduler rate / pass-through rate, per round; figure = median of the rounds   goal ≥ 0.5
 *       (rounds alternate which application consumes first; round 1 is warm-up when rounds ≥ 3)
 *
 *   (b) batch-cut precision, paced producer (default 1,000 req/s over 4 pools, entropy policy),
 *       CompletionFeeder closing the loop:
 *       lateness = Batch.cut_us − Batch.intended_cut_us   (punctuator lateness; p99 goal ≤ tick + 2 ms)
 *       visible  = time a read_committed consumer receives the batch − cut_us (commit latency)
 *
 *   (c) sweep: (b) for poll.ms ∈ {1, 5, 100} and commit.interval.ms ∈ {5, 20, 50, 100}, and at_least_once
 *   ab: (b) for settings a.key=value and b.key=value, alternating A, B, A, B ... in one JVM
 *   cuts: (b) alone, {@code rounds} times after one warm-up, in one JVM (A/B runs of one setting)
 *
 *   (d) probe: the floor under (b), a forwarding topology with an empty 1 ms punctuator
 *       (PunctuatorProbe), same topics, serde and Streams settings: gaps between its runs − 1 ms
 * </pre>
 *
 * <pre>
 *   java -cp "$CP" io.homeostat.bench.scheduler.SchedulerBenchmark [all|throughput|precision|cuts|sweep|probe]
 *        [requests=100000] [rounds=5] [seconds=20] [rate=1000] [kafka.mode=in-process|child]
 *        [broker.key=value broker settings...]
 *        [key=value scheduler settings...]
 * </pre>
 */
public final class SchedulerBenchmark {
    /** Options starting with this go to the embedded broker (e.g. broker.add.partitions.to.txn.retry.backoff.ms=1). */
    static final String BROKER_PREFIX = "broker.";

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        Map<String, String> opts = ConfigLoader.parseOverrides(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        long requests = Long.parseLong(opts.getOrDefault("requests", "100000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "5"));
        Map<String, String> overrides = new HashMap<>();
        EmbeddedKafka.Builder broker = EmbeddedKafka.builder();
        opts.forEach((k, v) -> {
            if (k.equals("kafka.mode")) { // in-process (default) or child: the broker in its own JVM and heap
                broker.mode(EmbeddedKafka.Mode.parse(v));
                System.out.printf("embedded broker mode %s%n", v);
            } else if (k.startsWith(BROKER_PREFIX)) {
                broker.brokerProperty(k.substring(BROKER_PREFIX.length()), v);
                System.out.printf("broker setting %s=%s%n", k.substring(BROKER_PREFIX.length()), v);
            } else if (!List.of("requests", "seconds", "rate", "rounds").contains(k)) {
                overrides.put(k, v);
            }
        });
        System.out.printf("machine: %d processors, load average %.2f at start%n",
            Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (EmbeddedKafka kafka = broker.start()) {
            if (mode.equals("all") || mode.equals("throughput")) {
                throughput(kafka, requests, rounds, overrides);
            }
            if (mode.equals("all") || mode.equals("precision") || mode.equals("sweep") || mode.equals("cuts") || mode.equals("ab")) {
                precision(kafka, "(warm-up, discarded)", 8, rate, overrides);
            }
            if (mode.equals("ab")) { // (b) for two settings, alternating in one JVM: a.key=value / b.key=value
                Map<String, String> a = variant(overrides, "a.");
                Map<String, String> b = variant(overrides, "b.");
                System.out.printf("A: %s%nB: %s%n", a, b);
                for (int i = 1; i <= rounds; i++) {
                    precision(kafka, "A run " + i, seconds, rate, a);
                    precision(kafka, "B run " + i, seconds, rate, b);
                }
            }
            if (mode.equals("cuts")) { // (b) only, repeated in one JVM (A/B runs of one setting)
                for (int i = 1; i <= rounds; i++) {
                    precision(kafka, "precision run " + i, seconds, rate, overrides);
                }
            }
            if (mode.equals("all") || mode.equals("precision")) {
                precision(kafka, "precision", seconds, rate, overrides);
                idle(kafka, overrides);
            }
            if (mode.equals("all") || mode.equals("precision") || mode.equals("probe")) {
                BenchSetup setup = new BenchSetup(kafka, "probe", overrides);
                setup.provision();
                long[] gaps = PunctuatorProbe.run(setup.config(), () -> setup.produce((long) rate * seconds, rate));
                setup.deleteState();
                System.out.printf("%-28s %d ticks at %d req/s: gap beyond 1 ms p50 %.2f p99 %.2f max %.2f ms%n",
                    "punctuator probe (floor)", gaps.length, rate, pct(gaps, 0.5), pct(gaps, 0.99), pct(gaps, 1.0));
            }
            if (mode.equals("sweep")) {
                for (String poll : List.of("1", "5", "100")) {
                    Map<String, String> o = new HashMap<>(overrides);
                    o.put("poll.ms", poll);
                    precision(kafka, "poll.ms=" + poll + " commit=20", seconds, rate, o);
                }
                for (String commit : List.of("5", "50", "100")) {
                    Map<String, String> o = new HashMap<>(overrides);
                    o.put("commit.interval.ms", commit);
                    precision(kafka, "poll.ms=1 commit=" + commit, seconds, rate, o);
                }
                Map<String, String> alos = new HashMap<>(overrides);
                alos.put("processing.guarantee", "at_least_once");
                precision(kafka, "at_least_once poll.ms=1", seconds, rate, alos);
            }
        }
        System.out.printf("load average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // ---- (a) throughput ------------------------------------------------------------------

    /**
     * {@code rounds} rounds over the same broker; in each both applications consume the same
     * pre-produced requests, one after the other, and the order alternates between rounds (odd:
     * pass-through first, even: scheduler first), so neither always runs on the warmer JVM or the
     * warmer page cache. The figure is the median of the per-round ratios (round 1 is JIT warm-up
     * for both and is printed but left out when there are at least 3 rounds).
     */
    static void throughput(EmbeddedKafka kafka, long n, int rounds, Map<String, String> overrides) throws Exception {
        List<Double> ratios = new ArrayList<>();
        List<Double> passRates = new ArrayList<>();
        List<Double> schedRates = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            BenchSetup setup = new BenchSetup(kafka, "tput" + round, overrides);
            setup.provision();
            long t0 = System.nanoTime();
            setup.produce(n, 0);
            System.out.printf("round %d: %d requests produced in %.1f s (load average %.2f)%n", round, n,
                (System.nanoTime() - t0) / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            SchedulerAppConfig config = setup.config();
            Starter passStarter = () -> passThrough(config);
            Starter schedStarter = () -> {
                SchedulerApp app = SchedulerApp.start(config);
                CompletionFeeder feeder = new CompletionFeeder(config, kafka.clientProperties());
                return () -> {
                    feeder.close();
                    app.close();
                };
            };
            double pass;
            double sched;
            if (round % 2 == 1) {
                pass = measure(setup, config.applicationId() + "-pass", n, passStarter);
                sched = measure(setup, config.applicationId(), n, schedStarter);
            } else {
                sched = measure(setup, config.applicationId(), n, schedStarter);
                pass = measure(setup, config.applicationId() + "-pass", n, passStarter);
            }
            setup.deleteState();
            if (round > 1 || rounds < 3) {
                ratios.add(sched / pass);
                passRates.add(pass);
                schedRates.add(sched);
            }
            System.out.printf("round %d (%s first): pass-through %8.0f req/s   scheduler %8.0f req/s   ratio %.2f%s%n", round,
                round % 2 == 1 ? "pass-through" : "scheduler", pass, sched, sched / pass,
                round == 1 && rounds >= 3 ? "   (warm-up, not counted)" : "");
        }
        System.out.printf("THROUGHPUT RATIO (scheduler / pass-through, EOS): rounds %s, median %.2f (goal >= 0.5); "
                + "median rates: pass-through %.0f req/s, scheduler %.0f req/s%n", ratios.stream().map(r -> String.format("%.2f", r)).toList(),
            median(ratios), median(passRates), median(schedRates));
    }

    /** The options without a./b. prefix plus those of one variant, prefix removed. */
    static Map<String, String> variant(Map<String, String> overrides, String prefix) {
        Map<String, String> out = new HashMap<>();
        overrides.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            } else if (!k.startsWith("a.") && !k.startsWith("b.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {collections, pause ms} of every collector in this JVM so far. */
    static long[] gc() {
        long n = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Starts a Kafka Streams pass-through with the scheduler's Streams settings and serde, another
     * application id; it reads the same requests topic and writes to a topic made like the batches
     * topic (the batches topic's subject holds the Batch schema).
     */
    static AutoCloseable passThrough(SchedulerAppConfig config) throws Exception {
        Topics topics = config.topics();
        String out = topics.batches() + "-passthrough";
        try (Admin admin = Admin.create(config.adminProps())) {
            admin.createTopics(List.of(new NewTopic(out, 6, (short) 1).configs(Map.of("max.message.bytes", "8388608"))))
                .all().get();
        }
        AvroSerde<InferenceRequest> serde = AvroSerde.of(InferenceRequest.class, config.serdeProps(), false);
        Topology t = new Topology();
        t.addSource("requests", new StringDeserializer(), serde.deserializer(), topics.requests());
        t.addSink("out", out, new StringSerializer(), serde.serializer(), "requests");
        Properties p = new Properties();
        p.putAll(config.streamsProperties());
        p.put("application.id", config.applicationId() + "-pass");
        KafkaStreams streams = new KafkaStreams(t, p);
        streams.start();
        return () -> streams.close(Duration.ofSeconds(30));
    }

    interface Starter {
        AutoCloseable start() throws Exception;
    }

    /** Input records/s from the first to the last commit of {@code group}. */
    static double measure(BenchSetup setup, String group, long n, Starter starter) throws Exception {
        AutoCloseable app = starter.start();
        try (Admin admin = Admin.create(setup.kafka.clientProperties())) {
            long firstNs = 0;
            long firstCount = 0;
            long firstCpu = 0;
            long nextReport = System.nanoTime() + 5_000_000_000L;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                long c = setup.committed(admin, group);
                long now = System.nanoTime();
                if (c > 0 && firstNs == 0) {
                    firstNs = now;
                    firstCount = c;
                    firstCpu = streamThreadCpuNs();
                }
                if (c >= n) {
                    System.out.printf("  %s: stream thread %.0f %% of a core while consuming%n", group,
                        100 * (streamThreadCpuNs() - firstCpu) / (double) (now - firstNs));
                    return (c - firstCount) / ((now - firstNs) / 1e9);
                }
                if (now >= nextReport) {
                    System.out.printf("  %s: %d of %d committed%n", group, c, n);
                    nextReport = now + 5_000_000_000L;
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(group + " did not commit " + n + " records in 5 minutes");
        } finally {
            app.close();
        }
    }

    // ---- (b) precision --------------------------------------------------------------------

    static void precision(EmbeddedKafka kafka, String label, int seconds, int rate, Map<String, String> overrides)
            throws Exception {
        BenchSetup setup = new BenchSetup(kafka, "prec", overrides);
        SchedulerAppConfig config = setup.config();
        AvroDeserializer<Batch> de = AvroSerde.of(Batch.class, config.serdeProps(), false).deserializer();
        SchedulerClock clock = SchedulerClock.system();
        List<long[]> samples = new ArrayList<>(); // {cut lateness us, visible delay us, window cut 0/1, size}
        AtomicBoolean stop = new AtomicBoolean();
        long answered;
        double cpuShare;
        String threadPhases;
        String gcLine;
        try (SchedulerApp app = SchedulerApp.start(config);
             CompletionFeeder feeder = new CompletionFeeder(config, kafka.clientProperties())) {
            app.awaitRunning(Duration.ofSeconds(120));
            Map<String, Object> cp = new HashMap<>(kafka.clientProperties());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, setup.prefix + "-reader");
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
            long warmupEndUs = clock.nowUs() + 3_000_000;
            Thread reader = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    c.subscribe(List.of(config.topics().batches()));
                    while (!stop.get()) {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(5))) {
                            long seen = clock.nowUs();
                            Batch b = de.decode(r);
                            if (b.getCutUs() >= warmupEndUs) {
                                samples.add(new long[] {b.getCutUs() - b.getIntendedCutUs(), seen - b.getCutUs(),
                                    b.getCutReason().equals("WINDOW") ? 1 : 0, b.getRequests().size()});
                            }
                        }
                    }
                }
            }, "bench-batch-reader");
            reader.start();
            long cpu0 = streamThreadCpuNs();
            long wall0 = System.nanoTime();
            long[] gc0 = gc();
            setup.produce((long) rate * (seconds + 3), rate);
            cpuShare = (streamThreadCpuNs() - cpu0) / (double) (System.nanoTime() - wall0);
            long[] gc1 = gc();
            gcLine = String.format("GC in this JVM during the run: %d collections, %d ms",
                gc1[0] - gc0[0], gc1[1] - gc0[1]);
            Thread.sleep(1000);
            stop.set(true);
            reader.join();
            answered = feeder.answered();
            threadPhases = phases(app.streamsMetrics());
        }
        setup.deleteState();
        long[] late = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] lateWindow = samples.stream().filter(s -> s[2] == 1).mapToLong(s -> s[0]).sorted().toArray();
        long[] visible = samples.stream().mapToLong(s -> s[1]).sorted().toArray();
        double meanSize = samples.stream().mapToLong(s -> s[3]).average().orElse(0);
        System.out.printf("%-28s %d batches (%d WINDOW cuts, mean size %.1f) at %d req/s: cut lateness ms p50 %.2f p99 %.2f "
                + "max %.2f; WINDOW cuts p50 %.2f p99 %.2f; commit visibility ms p50 %.1f p99 %.1f; stream thread %.0f %% of a core (%d completions fed)%n",
            label, late.length, lateWindow.length, meanSize, rate, pct(late, 0.5), pct(late, 0.99), pct(late, 1.0),
            pct(lateWindow, 0.5), pct(lateWindow, 0.99), pct(visible, 0.5), pct(visible, 0.99), 100 * cpuShare, answered);
        System.out.printf("%-28s stream thread phases: %s%n", "", threadPhases);
        System.out.printf("%-28s %s; load average %.2f%n", "", gcLine, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** CPU the scheduler's stream thread uses with no traffic at all (the cost of a 1 ms tick and poll.ms). */
    static void idle(EmbeddedKafka kafka, Map<String, String> overrides) throws Exception {
        BenchSetup setup = new BenchSetup(kafka, "idle", overrides);
        SchedulerAppConfig config = setup.config();
        try (SchedulerApp app = SchedulerApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(120));
            Thread.sleep(2000);
            long cpu0 = streamThreadCpuNs();
            long wall0 = System.nanoTime();
            Thread.sleep(10_000);
            System.out.printf("idle (no traffic, tick %d ms, poll.ms %s): stream thread %.1f %% of a core%n", config.tickMs(),
                config.streamsProperties().get("poll.ms"), 100 * (streamThreadCpuNs() - cpu0) / (double) (System.nanoTime() - wall0));
        }
        setup.deleteState();
    }

    /** CPU time of every live Kafka Streams stream thread of the scheduler applications in this JVM. */
    static long streamThreadCpuNs() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("-app-") && t.getThreadName().contains("StreamThread")) {
                long ns = mx.getThreadCpuTime(t.getThreadId());
                sum += Math.max(0, ns);
            }
        }
        return sum;
    }

    /** Kafka Streams' thread-level time split and commit / punctuate latencies. */
    static String phases(Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics) {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("poll-ratio", "process-ratio", "punctuate-ratio", "commit-ratio", "commit-rate", "commit-latency-avg",
                "commit-latency-max", "punctuate-latency-avg", "punctuate-latency-max")) {
            metrics.forEach((k, v) -> {
                if (k.group().equals("stream-thread-metrics") && k.name().equals(name)) {
                    Object value = v.metricValue();
                    sb.append(name).append('=').append(value instanceof Double d ? String.format("%.3f", d) : value).append(' ');
                }
            });
        }
        return sb.toString().trim();
    }

    static double pct(long[] sortedUs, double q) {
        if (sortedUs.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedUs.length - 1, Math.ceil(q * sortedUs.length) - 1);
        return sortedUs[Math.max(0, i)] / 1000.0;
    }
}
