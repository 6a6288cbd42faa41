package io.homeostat.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.KvPoolState;
import io.homeostat.avro.ResultStatus;
import io.homeostat.kafka.serde.AvroSerde;
import io.homeostat.kafka.serde.DeadLetterStage;
import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage interleaved with valid traffic, through the whole pipeline on a real broker: random bytes, empty
 * and null values, truncated Avro, a wrong magic byte, an unknown schema id, a valid record of another
 * schema, and every invalid field value the contract names. Each bad record must end in the dead-letter
 * topic exactly once, with its original bytes, its coordinates (topic, partition, offset), the stage and
 * a reason that names the problem; every valid request must get its result; the pipeline must keep
 * running.
 */
@ExtendWith(SharedKafka.class)
class BadInputIntegrationTest {
    private static final int VALID_BETWEEN = 8;
    private static final int MAX_PAYLOAD = 4096;

    /** One bad record: what is sent, and what the dead letter must say. */
    private record Bad(String name, String key, byte[] value, DeadLetterStage stage, String reasonFragment) {
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndEveryValidRequestIsServed() throws Exception {
        Pipeline p = new Pipeline("bad-input", SharedKafka.bootstrapServers());
        p.scheduler.put(SchedulerAppConfig.POOLS_CONFIG, "pool-a,pool-b");
        p.scheduler.put(SchedulerAppConfig.MAX_PAYLOAD_BYTES_CONFIG, String.valueOf(MAX_PAYLOAD));
        List<Bad> bad = badRecords(p);
        try (SchedulerApp scheduler = SchedulerApp.start(new SchedulerAppConfig(p.scheduler));
             WorkerApp worker = WorkerApp.start(new WorkerConfig(p.worker))) {
            scheduler.awaitRunning(Duration.ofSeconds(60));
            var serializer = p.requestSerializer();
            Map<String, RecordMetadata> sentBad = new TreeMap<>();
            Set<String> valid = new TreeSet<>();
            try (KafkaProducer<String, byte[]> producer = p.producer()) {
                int n = 0;
                for (Bad b : bad) {
                    for (int i = 0; i < VALID_BETWEEN; i++) {
                        String id = "valid-" + n++;
                        String pool = (n & 1) == 0 ? "pool-a" : "pool-b";
                        valid.add(id);
                        producer.send(new ProducerRecord<>(p.topics.requests(), pool,
                            serializer.serialize(p.topics.requests(), Pipeline.request(id, "t" + (n % 3), pool, n % 5))));
                    }
                    sentBad.put(b.name(), producer.send(new ProducerRecord<>(p.topics.requests(), b.key(), b.value()))
                        .get());
                }
                producer.flush();
            }

            List<DeadLetter> letters = p.reader().read(p.topics.deadLetter(), DeadLetter.class,
                got -> got.size() >= bad.size(), Duration.ofSeconds(90), Duration.ofSeconds(2));
            List<InferenceResult> results = p.reader().read(p.topics.results(), InferenceResult.class,
                got -> got.size() >= valid.size(), Duration.ofSeconds(120), Duration.ofSeconds(2));

            Map<Long, DeadLetter> byOffset = new HashMap<>();
            for (DeadLetter d : letters) {
                assertEquals(p.topics.requests(), d.getTopic(), "dead letter of another topic: " + d);
                DeadLetter before = byOffset.put(((long) d.getPartition() << 40) | d.getOffset(), d);
                assertTrue(before == null, "dead-lettered twice: " + d);
            }
            List<String> problems = new ArrayList<>();
            for (Bad b : bad) {
                RecordMetadata md = sentBad.get(b.name());
                DeadLetter d = byOffset.get(((long) md.partition() << 40) | md.offset());
                if (d == null) {
                    problems.add(b.name() + ": no dead letter at " + md.partition() + "@" + md.offset());
                    continue;
                }
                if (!b.stage().name().equals(d.getStage().toString())) {
                    problems.add(b.name() + ": stage " + d.getStage() + ", expected " + b.stage() + " (" + d.getReason() + ")");
                }
                if (!d.getReason().toString().contains(b.reasonFragment())) {
                    problems.add(b.name() + ": reason '" + d.getReason() + "' does not mention '" + b.reasonFragment() + "'");
                }
                byte[] original = d.getOriginalValue() == null ? null : bytes(d.getOriginalValue());
                if (b.value() == null ? original != null : !Arrays.equals(b.value(), original)) {
                    problems.add(b.name() + ": original bytes not kept");
                }
            }
            assertEquals(List.of(), problems);
            assertEquals(bad.size(), letters.size(), "dead letters for valid records: " + letters);

            Map<String, Long> perId = results.stream().collect(Collectors.groupingBy(r -> r.getRequestId().toString(),
                Collectors.counting()));
            assertEquals(valid, perId.keySet(), "valid requests without a result (or results for bad ones)");
            assertTrue(perId.values().stream().allMatch(c -> c == 1), "duplicated results: " + perId);
            assertTrue(results.stream().allMatch(r -> r.getStatus() == ResultStatus.OK),
                "valid requests not served: " + results.stream().filter(r -> r.getStatus() != ResultStatus.OK).toList());
            assertEquals(KafkaStreams.State.RUNNING, scheduler.state(), "the scheduler stopped");
            assertTrue(worker.isRunning(), "the worker stopped");
        }
    }

    private static List<Bad> badRecords(Pipeline p) {
        var serializer = p.requestSerializer();
        String topic = p.topics.requests();
        Random random = new Random(8);
        List<Bad> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] noise = new byte[1 + random.nextInt(60)];
            random.nextBytes(noise);
            noise[0] = (byte) (1 + random.nextInt(255)); // never the magic byte: always unreadable
            out.add(new Bad("random bytes " + i, "pool-a", noise, DeadLetterStage.DESERIALIZE, "magic byte"));
        }
        out.add(new Bad("empty value", "pool-a", new byte[0], DeadLetterStage.DESERIALIZE, "empty"));
        out.add(new Bad("null value", "pool-a", null, DeadLetterStage.DESERIALIZE, "null"));
        out.add(new Bad("header only", "pool-a", new byte[] {0, 0, 0}, DeadLetterStage.DESERIALIZE, "header"));
        byte[] good = serializer.serialize(topic, Pipeline.request("x", "t", "pool-a", 1));
        out.add(new Bad("truncated avro", "pool-a", Arrays.copyOf(good, good.length - 3), DeadLetterStage.DESERIALIZE,
            "ends before the record"));
        byte[] magic = good.clone();
        magic[0] = 1;
        out.add(new Bad("wrong magic byte", "pool-a", magic, DeadLetterStage.DESERIALIZE, "magic byte 0x01"));
        byte[] unknown = good.clone();
        ByteBuffer.wrap(unknown).putInt(1, 999_999);
        out.add(new Bad("unknown schema id", "pool-a", unknown, DeadLetterStage.DESERIALIZE, "999999"));
        Completion c = Completion.newBuilder().setBatchId("b").setPool("pool-a").setWorkerId("w").setBatchSize(1)
            .setExecuted(1).setRejected(0).setFailed(0).setPromptTokens(1).setGeneratedTokens(1).setServiceTimeMs(1)
            .setBlocksUsed(1).setCompletedUs(1).setPoolState(KvPoolState.newBuilder().setTotalBlocks(1).setFreeBlocks(1)
                .setCachedBlocks(0).setEvictedBlocksTotal(0).setPrefixHitRate(0).setBlockSizeTokens(16).build()).build();
        byte[] other = AvroSerde.of(Completion.class, p.config.serdeProps(), false).serializer()
            .serialize(p.topics.completions(), c);
        out.add(new Bad("a record of another schema", "pool-a", other, DeadLetterStage.DESERIALIZE, "Completion"));

        long now = System.currentTimeMillis() * 1000;
        addInvalid(out, serializer, topic, "empty request id", "pool-a", r -> r.setRequestId(""), "request_id");
        addInvalid(out, serializer, topic, "blank tenant", "pool-a", r -> r.setTenant(" "), "tenant");
        addInvalid(out, serializer, topic, "key differs from pool", "pool-b", r -> r, "differs from pool");
        addInvalid(out, serializer, topic, "null key", null, r -> r, "differs from pool");
        addInvalid(out, serializer, topic, "unknown pool", "pool-z", r -> r.setPool("pool-z"), "unknown pool");
        addInvalid(out, serializer, topic, "NaN bid", "pool-a", r -> r.setPriorityBid(Double.NaN), "priority_bid");
        addInvalid(out, serializer, topic, "negative bid", "pool-a", r -> r.setPriorityBid(-1), "priority_bid");
        addInvalid(out, serializer, topic, "infinite bid", "pool-a", r -> r.setPriorityBid(Double.POSITIVE_INFINITY),
            "priority_bid");
        addInvalid(out, serializer, topic, "zero prompt tokens", "pool-a", r -> r.setPromptTokens(0), "prompt_tokens");
        addInvalid(out, serializer, topic, "absurd prompt tokens", "pool-a", r -> r.setPromptTokens(2_000_000_000),
            "prompt_tokens");
        addInvalid(out, serializer, topic, "zero max new tokens", "pool-a", r -> r.setMaxNewTokens(0), "max_new_tokens");
        addInvalid(out, serializer, topic, "absurd max new tokens", "pool-a", r -> r.setMaxNewTokens(1_000_000),
            "max_new_tokens");
        addInvalid(out, serializer, topic, "timestamp in the future", "pool-a",
            r -> r.setClientTimestampUs(now + 3_600_000_000L), "future");
        addInvalid(out, serializer, topic, "deadline before arrival", "pool-a", r -> r.setDeadlineUs(now - 1_000_000),
            "deadline_us");
        addInvalid(out, serializer, topic, "payload over the limit", "pool-a",
            r -> r.setPromptText("x".repeat(MAX_PAYLOAD + 100)), "exceeds the limit");
        return out;
    }

    private static void addInvalid(List<Bad> out, io.homeostat.kafka.serde.AvroSerializer<InferenceRequest> serializer,
                                   String topic, String name, String key, UnaryOperator<InferenceRequest.Builder> change,
                                   String fragment) {
        InferenceRequest.Builder b = InferenceRequest.newBuilder(Pipeline.request("bad-" + name.replace(' ', '-'), "t", "pool-a", 1));
        InferenceRequest r = change.apply(b).build();
        byte[] value = serializer.serialize(topic, r);
        assertNotNull(value);
        out.add(new Bad(name, key, value, DeadLetterStage.VALIDATE, fragment));
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
