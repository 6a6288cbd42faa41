package io.homeostat.bench.kafka;

import io.homeostat.avro.InferenceRequest;
import java.util.List;
import java.util.Map;

/** Requests for the Kafka benchmarks: "small" (required fields only) or "rich" (every optional field set). */
final class BenchRequests {
    private BenchRequests() {
    }

    static InferenceRequest request(long i, boolean rich) {
        InferenceRequest.Builder builder = InferenceRequest.newBuilder()
            .setRequestId("req-" + i)
            .setTenant("tenant-" + (i % 7))
            .setPool("pool-" + (i % 3))
            .setPriorityBid((i % 10) * 0.5)
            .setClientTimestampUs(1_700_000_000_000_000L + i)
            .setPromptTokens(128)
            .setMaxNewTokens(64);
        if (rich) {
            builder.setPromptText("Summarise the following support ticket in two sentences: the customer reports that")
                .setDeadlineUs(1_700_000_010_000_000L)
                .setAgentId("agent-" + (i % 5))
                .setPrefixHashes(List.of(i, i + 1, i + 2, i + 3))
                .setAttributes(Map.of("source", "bench", "region", "eu-west"));
        }
        return builder.build();
    }
}
