package io.homeostat.scheduler;

import io.homeostat.avro.Completion;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.DeadLetterStage;
import io.homeostat.kafka.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The completions source's first node: decodes a worker's {@code Completion}, dead-letters what
 * cannot feed the controller (undecodable bytes, a key that is not its pool, a batch id that is
 * not {@code pool-sequence}), and forwards the rest to the scheduler node of the same task
 * (the completions topic is co-partitioned with the requests topic by pool).
 */
final class CompletionIntake implements Processor<byte[], byte[], Object, Object> {
    private final AvroDeserializer<Completion> deserializer;
    private final String application;
    private final SchedulerClock.Source clocks;
    private ProcessorContext<Object, Object> context;
    private DeadLetterOutput dead;

    CompletionIntake(AvroDeserializer<Completion> deserializer, String application, SchedulerClock.Source clocks) {
        this.deserializer = deserializer;
        this.application = application;
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.dead = new DeadLetterOutput(context, application, clocks.clock(context));
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        Completion c;
        try {
            c = deserializer.decode(m == null ? "(unknown)" : m.topic(), m == null ? -1 : m.partition(),
                m == null ? -1 : m.offset(), raw.value());
        } catch (WireFormatException e) {
            dead.send(raw, DeadLetterStage.DESERIALIZE, e.getMessage(), e);
            return;
        }
        String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
        if (key == null || !key.equals(c.getPool())) {
            dead.send(raw, DeadLetterStage.VALIDATE, "completion key '" + key + "' differs from its pool '" + c.getPool()
                + "' (key completions by pool, so they reach the task that owns the pool)", null);
            return;
        }
        if (AvroRecords.completion(c) == null) {
            dead.send(raw, DeadLetterStage.VALIDATE, "completion batch_id '" + c.getBatchId() + "' is not '"
                + c.getPool() + "-<sequence>'", null);
            return;
        }
        context.forward(new Record<Object, Object>(c.getPool(), c, raw.timestamp()), SchedulerTopology.SCHEDULER);
    }
}
