package io.homeostat.kafka.test;

import io.homeostat.avro.InferenceRequest;
import java.util.List;
import java.util.Map;

/** Deterministic sample requests for tests and benchmarks: every optional field is exercised. */
public final class Requests {
    private static final String[] POOLS = {"llama-small", "llama-large", "batch"};

    private Requests() {
    }

    /** Request number {@code i}: same {@code i}, same request. */
    public static InferenceRequest sample(int i) {
        boolean rich = i % 3 == 0;
        return InferenceRequest.newBuilder()
            .setRequestId("req-" + i)
            .setTenant("tenant-" + (i % 7))
            .setPool(pool(i))
            .setPriorityBid((i % 10) * 0.5)
            .setClientTimestampUs(1_700_000_000_000_000L + i * 1_000L)
            .setPromptText(rich ? "Tell me about request " + i : null)
            .setPromptTokens(16 + i % 512)
            .setMaxNewTokens(1 + i % 128)
            .setDeadlineUs(i % 4 == 0 ? 1_700_000_010_000_000L + i : null)
            .setAgentId(rich ? "agent-" + (i % 5) : null)
            .setPrefixHashes(rich ? List.of((long) i, (long) i + 1) : List.of())
            .setTracePromptTokens(i % 5 == 0 ? 4_000 + i : null)
            .setTraceOutputTokens(i % 5 == 0 ? 300 + i : null)
            .setAttributes(rich ? Map.of("source", "test", "n", Integer.toString(i)) : Map.of())
            .build();
    }

    /** The pool of request {@code i} (also its record key). */
    public static String pool(int i) {
        return POOLS[i % POOLS.length];
    }
}
