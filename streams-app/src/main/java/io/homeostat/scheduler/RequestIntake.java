package io.homeostat.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.kafka.serde.AvroDeserializer;
import io.homeostat.kafka.serde.DeadLetterStage;
import io.homeostat.kafka.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The requests source's first node: decodes the raw bytes itself (so an undecodable record is
 * dead-lettered with its original bytes, partition and offset rather than failing the task),
 * runs the {@link RequestValidator}, and forwards valid requests to the scheduler node keyed by pool.
 */
final class RequestIntake implements Processor<byte[], byte[], Object, Object> {
    private final AvroDeserializer<InferenceRequest> deserializer;
    private final RequestValidator validator;
    private final String application;
    private final SchedulerClock.Source clocks;
    private ProcessorContext<Object, Object> context;
    private DeadLetterOutput dead;
    private SchedulerClock clock;

    RequestIntake(AvroDeserializer<InferenceRequest> deserializer, RequestValidator validator, String application,
                  SchedulerClock.Source clocks) {
        this.deserializer = deserializer;
        this.validator = validator;
        this.application = application;
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.clock = clocks.clock(context);
        this.dead = new DeadLetterOutput(context, application, clock);
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        InferenceRequest request;
        try {
            request = deserializer.decode(m == null ? "(unknown)" : m.topic(), m == null ? -1 : m.partition(),
                m == null ? -1 : m.offset(), raw.value());
        } catch (WireFormatException e) {
            dead.send(raw, DeadLetterStage.DESERIALIZE, e.getMessage(), e);
            return;
        }
        String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
        String invalid = validator.check(key, request, raw.value().length, clock.nowUs());
        if (invalid != null) {
            dead.send(raw, DeadLetterStage.VALIDATE, invalid, null);
            return;
        }
        RequestPayloads.arrived(request, raw.value()); // the queue entry keeps these bytes (see RequestPayloads)
        try {
            context.forward(new Record<Object, Object>(request.getPool(), request, raw.timestamp()), SchedulerTopology.SCHEDULER);
        } finally {
            RequestPayloads.forwarded();
        }
    }
}
