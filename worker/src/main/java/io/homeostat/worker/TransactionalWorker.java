package io.homeostat.worker;

import io.homeostat.avro.Batch;
import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.WorkerMetrics;
import io.homeostat.config.Topics;
import io.homeostat.engine.exec.BatchExecutor;
import io.homeostat.engine.exec.ExecutionBatch;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.exec.TokenMapping;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.AvroSerializer;
import io.homeostat.kafka.serde.DeadLetterStage;
import io.homeostat.kafka.serde.DeadLetters;
import io.homeostat.kafka.serde.WireFormatException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU worker: a transactional consume–execute–produce loop over {@code inference.batches}.
 *
 * <pre>
 *   poll one Batch (read_committed) ──undecodable──► dead-letter ─┐
 *        │                                                         │
 *        ▼                                                         │  one Kafka transaction:
 *   PromptBuilder → ExecutionBatch → GuardedExecution              │  outputs + the consumed
 *        │ (timeout, bounded retries, FAILED after the last)       │  offset commit together
 *        ▼                                                         │
 *   InferenceResult per request ─► results                         │
 *   Completion per batch        ─► completions (feeds the scheduler)│
 *   WorkerMetrics when due      ─► worker-metrics ─────────────────┘ sendOffsetsToTransaction + commit
 * </pre>
 *
 * <p>Exactly once (KIP-98/447): the results of a batch and the offset that marks it consumed commit in one
 * transaction, fenced by the consumer group's generation, so a worker killed mid-batch leaves nothing
 * visible to read_committed readers and the batch is executed again by whoever owns the partition next.
 * One batch per transaction keeps result latency at one batch's service time. A transaction that fails
 * for an abortable reason is aborted and the batch replayed from its offset; a fenced producer stops the
 * worker (another instance owns its partitions now).
 */
public final class TransactionalWorker implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWorker.class);

    private final WorkerConfig config;
    private final Topics topics;
    private final String workerId;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroDeserializer<Batch> batches;
    private final AvroSerializer<InferenceResult> results;
    private final AvroSerializer<Completion> completions;
    private final AvroSerializer<WorkerMetrics> metrics;
    private final AvroSerializer<DeadLetter> deadLetters;
    private final GuardedExecution execution;
    private final PromptBuilder prompts;
    private final ResultAssembler assembler;
    private final WorkerMetricsWindow window;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long lastRetries;
    private long batchesDone;

    /**
     * @param config       worker settings with a resolved bootstrap.servers
     * @param executors    builds an executor (called again when one must be rebuilt)
     * @param model        tokenizer and model shape
     * @param clock        wall clock for timings and dead letters
     */
    public TransactionalWorker(WorkerConfig config, Supplier<BatchExecutor> executors, LoadedModel model, Clock clock) {
        this.config = config;
        this.topics = config.topics();
        Map<String, ?> serdeProps = config.serdeProps();
        this.workerId = config.workerId();
        this.clock = clock;
        long timeout = config.getLong(WorkerConfig.BATCH_TIMEOUT_MS_CONFIG);
        int attempts = config.getInt(WorkerConfig.MAX_ATTEMPTS_CONFIG);
        long backoff = config.getLong(WorkerConfig.RETRY_BACKOFF_MS_CONFIG);
        Map<String, Object> c = config.consumerProps(Map.of());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(WorkerConfig.GROUP_ID_CONFIG));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // a batch may take its timeout on every attempt, plus backoff, before the next poll
        long pollInterval = Math.max(300_000L, attempts * (timeout + 5_000) + (backoff << Math.min(attempts, 20)));
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, pollInterval));
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "homeostat-worker-" + workerId);
        // static membership: a restarted worker with the same id takes its partitions back at once instead of
        // waiting for the crashed member's session to time out
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "homeostat-worker-" + workerId);
        Map<String, Object> p = config.producerProps(Map.of());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "homeostat-worker-" + workerId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "homeostat-worker-" + workerId);
        this.batches = AvroSerde.of(Batch.class, serdeProps, false).deserializer();
        this.results = AvroSerde.of(InferenceResult.class, serdeProps, false).serializer();
        this.completions = AvroSerde.of(Completion.class, serdeProps, false).serializer();
        this.metrics = AvroSerde.of(WorkerMetrics.class, serdeProps, false).serializer();
        this.deadLetters = AvroSerde.of(DeadLetter.class, serdeProps, false).serializer();
        this.execution = new GuardedExecution(executors, attempts, backoff, timeout);
        this.prompts = new PromptBuilder(model.tokenizer(), TokenMapping.forModel(model.weights().config()));
        this.assembler = new ResultAssembler(workerId, model.tokenizer());
        this.window = new WorkerMetricsWindow(workerId, nowMicros());
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Batches executed (or answered FAILED) and committed since start. */
    public long batchesDone() {
        return batchesDone;
    }

    public String executorName() {
        return execution.executor().name();
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(List.of(topics.batches()));
            LOG.info("worker {} consuming {} with the {} executor on {}", workerId, topics.batches(),
                    execution.executor().name(), execution.executor().device());
            while (!stopping.get()) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> rec : polled) {
                    if (!transact(rec)) {
                        break; // rewound: poll again from the batch's offset
                    }
                }
                if (polled.isEmpty() && window.due(nowMicros(), config.getLong(WorkerConfig.METRICS_INTERVAL_MS_CONFIG))) {
                    transact(null);
                }
            }
        } catch (WakeupException e) {
            if (!stopping.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    /** Processes one batch record (or, with null, only due metrics) in one transaction; false when rewound. */
    private boolean transact(ConsumerRecord<byte[], byte[]> rec) throws InterruptedException {
        producer.beginTransaction();
        try {
            if (rec != null) {
                process(rec);
            }
            long now = nowMicros();
            if (window.due(now, config.getLong(WorkerConfig.METRICS_INTERVAL_MS_CONFIG))) {
                long retries = execution.retries();
                WorkerMetrics m = window.drain(now, execution.executor().name(), execution.executor().device(),
                        retries - lastRetries, execution.executor().poolStats());
                lastRetries = retries;
                send(topics.workerMetrics(), workerId, metrics.serialize(topics.workerMetrics(), m));
            }
            if (rec != null) {
                TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(rec.offset() + 1)), consumer.groupMetadata());
            }
            producer.commitTransaction();
            if (rec != null) {
                batchesDone++;
            }
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | InvalidPidMappingException
                 | AuthorizationException fatal) {
            LOG.error("worker {} cannot continue its transactions ({}); stopping", workerId, fatal.toString());
            stopping.set(true);
            throw fatal;
        } catch (KafkaException abortable) {
            LOG.warn("worker {}: transaction aborted ({}); replaying the batch", workerId, abortable.toString());
            producer.abortTransaction();
            if (rec != null) {
                consumer.seek(new TopicPartition(rec.topic(), rec.partition()), rec.offset());
            }
            return false;
        }
    }

    private void process(ConsumerRecord<byte[], byte[]> rec) throws InterruptedException {
        Batch batch;
        try {
            batch = batches.decode(rec);
        } catch (WireFormatException e) {
            dead(DeadLetters.undecodable(rec, e, "worker " + workerId, clock));
            return;
        }
        if (batch.getRequests().isEmpty()) {
            dead(DeadLetters.of(rec, DeadLetterStage.VALIDATE, "batch " + batch.getBatchId() + " has no requests", null,
                    "worker " + workerId, clock));
            return;
        }
        List<SequenceRequest> seqs = new ArrayList<>(batch.getRequests().size());
        batch.getRequests().forEach(br -> seqs.add(prompts.build(br.getRequest())));
        ExecutionBatch exec = new ExecutionBatch(batch.getBatchId(), seqs,
                Math.max(0, batch.getController().getMinimumStableBlocks()),
                Math.max(0, batch.getController().getEvictionTargetBlocks()));
        long start = nowMicros();
        GuardedExecution.Attempted a = execution.run(exec, 0);
        long end = nowMicros();
        ResultAssembler.Span span = new ResultAssembler.Span(start, end);
        BatchExecutor ex = execution.executor();
        for (InferenceResult r : assembler.results(batch, a.outcome(), a.failure(), span, ex.name(), ex.device())) {
            send(topics.results(), r.getRequestId(), results.serialize(topics.results(), r));
        }
        Completion done = assembler.completion(batch, a.outcome(), a.attempts(), span, ex.poolStats());
        send(topics.completions(), batch.getPool(), completions.serialize(topics.completions(), done));
        window.record(batch.getRequests().size(), a.ok() ? a.outcome().stats() : null, done.getServiceTimeMs(), !a.ok());
    }

    private void dead(DeadLetter d) {
        LOG.warn("dead-lettering {}-{}@{}: {}", d.getTopic(), d.getPartition(), d.getOffset(), d.getReason());
        send(topics.deadLetter(), null, deadLetters.serialize(topics.deadLetter(), d));
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private long nowMicros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Asks the loop to stop after the batch in hand; returns at once. */
    public void stop() {
        stopping.set(true);
        consumer.wakeup();
    }

    /** Waits for the loop to end. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void shutdown() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.debug("consumer close: {}", e.toString());
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("producer close: {}", e.toString());
        }
        execution.close();
    }

    @Override
    public void close() {
        stop();
        try {
            awaitStop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
