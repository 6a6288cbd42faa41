package io.homeostat.scheduler;

import io.homeostat.avro.DeadLetter;
import io.homeostat.kafka.serde.DeadLetterStage;
import io.homeostat.kafka.serde.DeadLetters;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards a dead letter for the record being processed (original bytes and coordinates) to the dead-letter sink. */
final class DeadLetterOutput {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOutput.class);

    private final ProcessorContext<Object, Object> context;
    private final String application;
    private final SchedulerClock clock;

    DeadLetterOutput(ProcessorContext<Object, Object> context, String application, SchedulerClock clock) {
        this.context = context;
        this.application = application;
        this.clock = clock;
    }

    void send(Record<byte[], byte[]> raw, DeadLetterStage stage, String reason, Throwable error) {
        RecordMetadata m = context.recordMetadata().orElse(null);
        String topic = m == null ? "(unknown)" : m.topic();
        int partition = m == null ? -1 : m.partition();
        long offset = m == null ? -1 : m.offset();
        DeadLetter d = DeadLetters.of(topic, partition, offset, raw.timestamp(), raw.key(), raw.value(), stage, reason,
            error, application, clock.asClock());
        LOG.warn("dead-lettering {}-{}@{} ({}): {}", topic, partition, offset, stage, d.getReason());
        context.forward(new Record<Object, Object>(raw.key(), d, raw.timestamp()), SchedulerTopology.DEAD_LETTER_SINK);
    }
}
