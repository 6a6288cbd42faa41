package io.homeostat.worker;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.ControllerState;
import io.homeostat.avro.InferenceRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Batches and worker settings for tests: a tiny model so a batch runs in milliseconds. */
final class TestBatches {
    private TestBatches() {
    }

    static Map<String, String> tinyModel() {
        Map<String, String> m = new HashMap<>();
        m.put(WorkerConfig.MODEL_DIM_CONFIG, "64");
        m.put(WorkerConfig.MODEL_HIDDEN_CONFIG, "128");
        m.put(WorkerConfig.MODEL_LAYERS_CONFIG, "2");
        m.put(WorkerConfig.MODEL_HEADS_CONFIG, "4");
        m.put(WorkerConfig.MODEL_KV_HEADS_CONFIG, "2");
        m.put(WorkerConfig.MODEL_VOCAB_CONFIG, "512");
        m.put(WorkerConfig.MODEL_SEQ_LEN_CONFIG, "128");
        m.put(WorkerConfig.KV_BLOCKS_CONFIG, "256");
        m.put(WorkerConfig.CPU_THREADS_CONFIG, "1");
        m.put(WorkerConfig.EXECUTOR_CONFIG, "cpu");
        return m;
    }

    static InferenceRequest request(String id, String pool, int promptTokens, int maxNew) {
        return InferenceRequest.newBuilder().setRequestId(id).setTenant("t-" + (id.hashCode() & 3)).setPool(pool)
                .setPriorityBid(1.0).setClientTimestampUs(1_700_000_000_000_000L).setPromptTokens(promptTokens)
                .setMaxNewTokens(maxNew).build();
    }

    static Batch batch(String pool, long seq, List<InferenceRequest> requests) {
        List<BatchedRequest> brs = new ArrayList<>();
        for (InferenceRequest r : requests) {
            brs.add(BatchedRequest.newBuilder().setRequest(r).setEffectivePriority(r.getPriorityBid() + 0.5)
                    .setEnqueuedUs(r.getClientTimestampUs() + 100).setWaitUs(900).setKvBlocks(2).build());
        }
        long cut = 1_700_000_000_001_000L;
        return Batch.newBuilder().setBatchId(pool + "-" + seq).setPool(pool).setSequence(seq).setCutUs(cut)
                .setIntendedCutUs(cut - 50).setCutReason("WINDOW").setPolicy("entropy").setWindowMs(1.0)
                .setEntropyBits(0.5).setRegime("STABLE").setQueueDepthAfter(0)
                .setController(ControllerState.newBuilder().setMinimumStableBlocks(0).setEvictionTargetBlocks(0)
                        .setBlockBudget(1000).setLambdaPerS(10).setMuMaxPerS(100).setRho(0.1).setQuantizationBits(16).build())
                .setRequests(brs).build();
    }
}
