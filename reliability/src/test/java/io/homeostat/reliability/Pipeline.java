package io.homeostat.reliability;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.config.CommonConfig;
import io.homeostat.config.Topics;
import io.homeostat.kafka.embedded.ChildJvm;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.test.CommittedReader;
import io.homeostat.kafka.test.TestTopics;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.scheduler.SchedulerMain;
import io.homeostat.worker.WorkerConfig;
import io.homeostat.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One whole pipeline on a broker: its own topics (unique prefix), the scheduler's and the worker's
 * settings, and ways to run each in-process or as a child JVM ({@link SchedulerMain}, {@link WorkerMain}).
 *
 * <pre>
 *   producer ──► requests ──► scheduler ──► batches ──► worker ──► results, completions (──► scheduler)
 * </pre>
 *
 * The worker runs a tiny random-weights model (dim 64, 2 layers) so a batch costs milliseconds: these
 * tests are about the plumbing, not the model.
 */
final class Pipeline {
    final String prefix;
    final Map<String, String> common = new LinkedHashMap<>();
    final Map<String, String> scheduler = new LinkedHashMap<>();
    final Map<String, String> worker = new LinkedHashMap<>();
    final CommonConfig config;
    final Topics topics;
    final Path dir;

    Pipeline(String name, String bootstrapServers) throws IOException {
        prefix = name + "-" + Long.toString(System.nanoTime() & 0xffffffL, 36);
        dir = Files.createTempDirectory("homeostat-" + prefix);
        common.putAll(TestTopics.settings(prefix, bootstrapServers));
        scheduler.putAll(common);
        scheduler.put(SchedulerAppConfig.APPLICATION_ID_CONFIG, prefix + "-scheduler");
        scheduler.put(SchedulerAppConfig.STATE_DIR_CONFIG, dir.resolve("scheduler-state").toString());
        scheduler.put(SchedulerAppConfig.INSTANCE_ID_CONFIG, prefix + "-scheduler-0");
        scheduler.put(SchedulerAppConfig.METRICS_PORT_CONFIG, "-1");
        scheduler.put(SchedulerAppConfig.METRICS_INTERVAL_MS_CONFIG, "250");
        worker.putAll(common);
        worker.put(WorkerConfig.WORKER_ID_CONFIG, prefix + "-w0");
        worker.put(WorkerConfig.GROUP_ID_CONFIG, prefix + "-workers");
        worker.put(WorkerConfig.METRICS_INTERVAL_MS_CONFIG, "250");
        worker.put(WorkerConfig.MODEL_DIM_CONFIG, "64");
        worker.put(WorkerConfig.MODEL_HIDDEN_CONFIG, "128");
        worker.put(WorkerConfig.MODEL_LAYERS_CONFIG, "2");
        worker.put(WorkerConfig.MODEL_HEADS_CONFIG, "4");
        worker.put(WorkerConfig.MODEL_KV_HEADS_CONFIG, "2");
        worker.put(WorkerConfig.MODEL_VOCAB_CONFIG, "512");
        worker.put(WorkerConfig.MODEL_SEQ_LEN_CONFIG, "128");
        worker.put(WorkerConfig.KV_BLOCKS_CONFIG, "512");
        worker.put(WorkerConfig.CPU_THREADS_CONFIG, "1");
        worker.put(WorkerConfig.EXECUTOR_CONFIG, "cpu");
        config = new CommonConfig(common);
        topics = config.topics();
        try (Admin admin = Admin.create(config.adminProps())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(config.topicCatalog());
        }
    }

    /** A child JVM running {@code mainClass} with {@code settings} as key=value arguments, output appended to {@code log}. */
    static Process child(Class<?> mainClass, Map<String, String> settings, List<String> jvmArgs, Path log) throws IOException {
        List<String> args = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(jvmArgs, mainClass.getName(), args));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(new File(System.getProperty("java.io.tmpdir")));
        return pb.start();
    }

    Process schedulerChild(Path log) throws IOException {
        return child(SchedulerMain.class, scheduler, List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.homeostat"), log);
    }

    Process workerChild(Path log) throws IOException {
        return child(WorkerMain.class, worker, List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.homeostat"), log);
    }

    /** An idempotent producer of raw values to any topic (keys are strings). */
    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(config.producerProps(Map.of()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    AvroSerializer<InferenceRequest> requestSerializer() {
        return AvroSerde.of(InferenceRequest.class, config.serdeProps(), false).serializer();
    }

    CommittedReader reader() {
        return new CommittedReader(config);
    }

    /** A valid request for the tiny model, stamped now. */
    static InferenceRequest request(String id, String tenant, String pool, double bid) {
        return InferenceRequest.newBuilder().setRequestId(id).setTenant(tenant).setPool(pool).setPriorityBid(bid)
            .setClientTimestampUs(System.currentTimeMillis() * 1000).setPromptTokens(12).setMaxNewTokens(4).build();
    }
}
