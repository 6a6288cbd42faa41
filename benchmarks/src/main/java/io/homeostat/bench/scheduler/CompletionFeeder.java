package io.homeostat.bench.scheduler;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.Completion;
import io.homeostat.avro.KvPoolState;
import io.homeostat.config.Topics;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.scheduler.SchedulerAppConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stand-in worker that executes nothing: it answers every committed batch at once with a
 * Completion (5 ms service, a large free pool), so the scheduler's loop is closed and its
 * controller releases what each batch reserved, as with a real worker.
 */
final class CompletionFeeder implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong answered = new AtomicLong();
    private final Thread thread;

    CompletionFeeder(SchedulerAppConfig config, Map<String, Object> clientProps) {
        Topics topics = config.topics();
        AvroDeserializer<Batch> batches = AvroSerde.of(Batch.class, config.serdeProps(), false).deserializer();
        AvroSerializer<Completion> completions = AvroSerde.of(Completion.class, config.serdeProps(), false).serializer();
        Map<String, Object> cp = new HashMap<>(clientProps);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-feeder");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> pp = new HashMap<>(clientProps);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<String, byte[]> p = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
                c.subscribe(List.of(topics.batches()));
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                        Batch b = batches.decode(r);
                        int blocks = b.getRequests().stream().mapToInt(BatchedRequest::getKvBlocks).sum();
                        Completion done = Completion.newBuilder().setBatchId(b.getBatchId()).setPool(b.getPool())
                            .setWorkerId("feeder").setBatchSize(b.getRequests().size()).setExecuted(b.getRequests().size())
                            .setRejected(0).setFailed(0).setPromptTokens(0).setGeneratedTokens(0).setServiceTimeMs(5.0)
                            .setBlocksUsed(blocks).setCompletedUs(System.currentTimeMillis() * 1000)
                            .setPoolState(KvPoolState.newBuilder().setTotalBlocks(1_000_000).setFreeBlocks(1_000_000)
                                .setCachedBlocks(0).setEvictedBlocksTotal(0).setPrefixHitRate(0).build())
                            .build();
                        p.send(new ProducerRecord<>(topics.completions(), b.getPool(),
                            completions.serialize(topics.completions(), done)));
                        answered.incrementAndGet();
                    }
                }
            }
        }, "bench-completion-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Completions sent so far. */
    long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
