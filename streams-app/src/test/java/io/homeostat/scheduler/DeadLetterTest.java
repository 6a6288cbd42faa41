package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.avro.Batch;
import io.homeostat.avro.Completion;
import io.homeostat.avro.DeadLetter;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.KvPoolState;
import io.homeostat.kafka.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input lands in the dead-letter topic with its original bytes, its topic,
 * partition and offset, the stage and a reason; valid traffic around it is scheduled as usual.
 */
class DeadLetterTest {
    @TempDir
    Path state;

    record Case(String name, byte[] key, byte[] value, String stage, String reason) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyBadRequestIsDeadLetteredWithItsReasonAndCoordinates() {
        Map<String, String> s = Map.of("scheduler.pools", "p,q", "scheduler.max.payload.bytes", "512",
            "scheduler.max.prompt.tokens", "4096", "scheduler.max.new.tokens", "1024",
            "scheduler.policy", "fixed", "policy.fixed.window.ms", "5");
        try (SchedulerHarness h = new SchedulerHarness(s, state)) {
            Function<InferenceRequest.Builder, byte[]> enc = b -> h.encode(b.build());
            byte[] valid = enc.apply(h.request("ok", "p", 1));
            byte[] completionElsewhere = AvroSerde.of(Completion.class, h.config.serdeProps(), false).serializer()
                .serialize("some-other-topic", completion("p", "p-1"));
            List<Case> cases = List.of(
                new Case("random bytes", utf8("p"), new byte[] {7, 1, 2, 3, 4, 5, 6, 7}, "DESERIALIZE", "wrong magic byte 0x07"),
                new Case("empty value", utf8("p"), new byte[0], "DESERIALIZE", "empty payload"),
                new Case("truncated", utf8("p"), Arrays.copyOf(valid, valid.length / 2), "DESERIALIZE", "TRUNCATED"),
                new Case("unknown schema id", utf8("p"), new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 2}, "DESERIALIZE", "UNKNOWN_SCHEMA_ID"),
                new Case("another schema", utf8("p"), completionElsewhere, "DESERIALIZE", "INCOMPATIBLE_SCHEMA"),
                new Case("missing id", utf8("p"), enc.apply(h.request("", "p", 1)), "VALIDATE", "request_id is missing"),
                new Case("missing tenant", utf8("p"), enc.apply(h.request("t", "p", 1).setTenant(" ")), "VALIDATE", "tenant is missing"),
                new Case("negative bid", utf8("p"), enc.apply(h.request("nb", "p", -0.5)), "VALIDATE", "priority_bid must be finite and >= 0, got -0.5"),
                new Case("NaN bid", utf8("p"), enc.apply(h.request("nan", "p", Double.NaN)), "VALIDATE", "got NaN"),
                new Case("infinite bid", utf8("p"), enc.apply(h.request("inf", "p", Double.POSITIVE_INFINITY)), "VALIDATE", "got Infinity"),
                new Case("zero prompt tokens", utf8("p"), enc.apply(h.request("zp", "p", 1).setPromptTokens(0)), "VALIDATE",
                    "prompt_tokens must be >= 1 when there is no prompt_text"),
                new Case("zero new tokens", utf8("p"), enc.apply(h.request("zn", "p", 1).setMaxNewTokens(0)), "VALIDATE",
                    "max_new_tokens 0 is outside 1..1024"),
                new Case("absurd prompt", utf8("p"), enc.apply(h.request("ap", "p", 1).setPromptTokens(10_000_000)), "VALIDATE",
                    "prompt_tokens 10000000 is outside 0..4096"),
                new Case("absurd new tokens", utf8("p"), enc.apply(h.request("an", "p", 1).setMaxNewTokens(Integer.MAX_VALUE)),
                    "VALIDATE", "is outside 1..1024"),
                new Case("future timestamp", utf8("p"), enc.apply(h.request("ft", "p", 1).setClientTimestampUs(h.nowUs() + 3_600_000_000L)),
                    "VALIDATE", "3600000 ms in the future (allowed skew 60000 ms)"),
                new Case("unknown pool", utf8("z"), enc.apply(h.request("up", "z", 1)), "VALIDATE", "unknown pool 'z' (configured pools: p, q)"),
                new Case("oversize payload", utf8("p"), enc.apply(h.request("big", "p", 1).setPromptText("x".repeat(600))), "VALIDATE",
                    "exceeds the limit of 512 bytes"),
                new Case("key is not the pool", utf8("q"), enc.apply(h.request("kp", "p", 1)), "VALIDATE", "differs from pool 'p'"),
                new Case("no key", null, enc.apply(h.request("nk", "p", 1)), "VALIDATE", "record key 'null'"),
                new Case("deadline before timestamp", utf8("p"), enc.apply(h.request("dl", "p", 1).setDeadlineUs(h.nowUs() - 1)), "VALIDATE",
                    "is before client_timestamp_us"));
            List<String> validIds = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                h.sendRaw(cases.get(i).key(), cases.get(i).value());
                if (i % 4 == 0) { // valid traffic interleaved
                    String id = "valid-" + i;
                    validIds.add(id);
                    h.send(h.request(id, i % 8 == 0 ? "p" : "q", 1));
                }
            }
            List<DeadLetter> dead = h.deadLetters();
            assertEquals(cases.size(), dead.size(), "one dead letter per bad record");
            long offset = 0;
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                DeadLetter d = dead.get(i);
                assertEquals(c.stage(), d.getStage(), c.name());
                assertTrue(d.getReason().contains(c.reason()), c.name() + ": " + d.getReason());
                assertEquals(h.topics.requests(), d.getTopic(), c.name());
                assertEquals(0, d.getPartition(), c.name());
                assertEquals(offset, d.getOffset(), c.name());
                assertArrayEquals(c.value(), bytes(d.getOriginalValue()), c.name());
                assertArrayEquals(c.key(), d.getOriginalKey() == null ? null : bytes(d.getOriginalKey()), c.name());
                assertEquals(SchedulerHarness.T0_MS, d.getRecordTimestampMs(), c.name());
                assertEquals(h.nowUs(), d.getFailedUs(), c.name());
                assertEquals("scheduler sched-test", d.getApplication());
                offset += i % 4 == 0 ? 2 : 1;
            }
            h.advance(5);
            List<String> batched = new ArrayList<>();
            for (Batch b : h.batches()) {
                batched.addAll(BatchCutTest.ids(b));
            }
            batched.sort(null);
            validIds.sort(null);
            assertEquals(validIds, batched, "valid requests between the bad ones are scheduled");
            assertTrue(h.results().isEmpty(), "dead-lettered requests get no result: they have no trustworthy id");
        }
    }

    @Test
    void badCompletionsAreDeadLetteredToo() {
        try (SchedulerHarness h = new SchedulerHarness(Map.of(), state)) {
            byte[] garbage = {0, 1};
            var ser = AvroSerde.of(Completion.class, h.config.serdeProps(), false).serializer();
            byte[] wrongId = ser.serialize(h.topics.completions(), completion("p", "batch-7"));
            byte[] wrongKey = ser.serialize(h.topics.completions(), completion("p", "p-1"));
            h.sendRawCompletion(utf8("p"), garbage);
            h.sendRawCompletion(utf8("p"), wrongId);
            h.sendRawCompletion(utf8("q"), wrongKey);
            List<DeadLetter> dead = h.deadLetters();
            assertEquals(3, dead.size());
            assertEquals("DESERIALIZE", dead.get(0).getStage());
            assertTrue(dead.get(0).getReason().contains("TRUNCATED"), dead.get(0).getReason());
            assertEquals("VALIDATE", dead.get(1).getStage());
            assertTrue(dead.get(1).getReason().contains("batch_id 'batch-7' is not 'p-<sequence>'"), dead.get(1).getReason());
            assertTrue(dead.get(2).getReason().contains("completion key 'q' differs from its pool 'p'"), dead.get(2).getReason());
            for (int i = 0; i < 3; i++) {
                assertEquals(h.topics.completions(), dead.get(i).getTopic());
                assertEquals(i, dead.get(i).getOffset());
            }
        }
    }

    static Completion completion(String pool, String batchId) {
        return Completion.newBuilder().setBatchId(batchId).setPool(pool).setWorkerId("w").setBatchSize(1).setExecuted(1)
            .setRejected(0).setFailed(0).setPromptTokens(1).setGeneratedTokens(1).setServiceTimeMs(1).setBlocksUsed(1)
            .setCompletedUs(1).setPoolState(KvPoolState.newBuilder().setTotalBlocks(10).setFreeBlocks(5).setCachedBlocks(0)
                .setEvictedBlocksTotal(0).setPrefixHitRate(0).build())
            .build();
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
