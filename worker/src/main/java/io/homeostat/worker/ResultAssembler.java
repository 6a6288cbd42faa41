package io.homeostat.worker;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.Completion;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.KvPoolState;
import io.homeostat.avro.ResultStatus;
import io.homeostat.avro.Timing;
import io.homeostat.engine.exec.BatchOutcome;
import io.homeostat.engine.exec.SequenceResult;
import io.homeostat.engine.kv.PoolStats;
import io.homeostat.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Turns a batch and how it ended into one {@link InferenceResult} per request and one {@link Completion}. */
final class ResultAssembler {
    private final String workerId;
    private final Tokenizer tokenizer;

    ResultAssembler(String workerId, Tokenizer tokenizer) {
        this.workerId = workerId;
        this.tokenizer = tokenizer;
    }

    /** Times of one execution, epoch microseconds. */
    record Span(long startUs, long endUs) {
    }

    List<InferenceResult> results(Batch batch, BatchOutcome outcome, String failure, Span span, String executor, String device) {
        List<BatchedRequest> reqs = batch.getRequests();
        List<InferenceResult> out = new ArrayList<>(reqs.size());
        for (int i = 0; i < reqs.size(); i++) {
            BatchedRequest br = reqs.get(i);
            InferenceRequest r = br.getRequest();
            InferenceResult.Builder b = InferenceResult.newBuilder()
                    .setRequestId(r.getRequestId()).setTenant(r.getTenant()).setPool(r.getPool())
                    .setEffectivePriority(br.getEffectivePriority())
                    .setBatchId(batch.getBatchId()).setBatchSize(reqs.size())
                    .setExecutor(executor).setDevice(device)
                    .setAttributes(r.getAttributes())
                    .setPromptTokens(r.getPromptTokens());
            if (outcome == null) {
                b.setStatus(ResultStatus.FAILED).setReason("executor failed: " + failure);
            } else {
                SequenceResult s = outcome.results().get(i);
                b.setPromptTokens(s.promptTokens()).setPrefixCacheHitTokens(s.cachedTokens());
                if (s.status() == SequenceResult.Status.OK) {
                    List<Integer> tokens = new ArrayList<>(s.output().length);
                    for (int t : s.output()) {
                        tokens.add(t);
                    }
                    b.setStatus(ResultStatus.OK).setOutputTokens(tokens).setOutputText(tokenizer.decode(s.output()));
                } else {
                    b.setStatus(ResultStatus.REJECTED).setReason(s.reason());
                }
            }
            b.setTiming(timing(r, br, batch, span));
            out.add(b.build());
        }
        return out;
    }

    Completion completion(Batch batch, BatchOutcome outcome, int attempts, Span span, PoolStats pool) {
        int ok = 0;
        int rejected = 0;
        if (outcome != null) {
            for (SequenceResult s : outcome.results()) {
                if (s.status() == SequenceResult.Status.OK) {
                    ok++;
                } else {
                    rejected++;
                }
            }
        }
        int size = batch.getRequests().size();
        return Completion.newBuilder()
                .setBatchId(batch.getBatchId()).setPool(batch.getPool()).setWorkerId(workerId)
                .setBatchSize(size).setExecuted(ok).setRejected(rejected).setFailed(outcome == null ? size : 0)
                .setPromptTokens(outcome == null ? 0 : (int) outcome.stats().prefillTokens())
                .setGeneratedTokens(outcome == null ? 0 : (int) outcome.stats().decodeTokens())
                .setServiceTimeMs((span.endUs() - span.startUs()) / 1000.0)
                .setBlocksUsed(outcome == null ? 0 : outcome.stats().peakBlocks())
                .setAttempts(attempts)
                .setCompletedUs(span.endUs())
                .setPoolState(poolState(pool))
                .build();
    }

    static KvPoolState poolState(PoolStats p) {
        return KvPoolState.newBuilder().setTotalBlocks(p.totalBlocks()).setFreeBlocks(p.freeBlocks())
                .setCachedBlocks(p.cachedBlocks()).setEvictedBlocksTotal(p.evictedTotal())
                .setPrefixHitRate(p.prefixHitRate()).setBlockSizeTokens(p.blockSize()).build();
    }

    private static Timing timing(InferenceRequest r, BatchedRequest br, Batch batch, Span span) {
        long client = r.getClientTimestampUs();
        long enq = br.getEnqueuedUs();
        long cut = batch.getCutUs();
        return Timing.newBuilder()
                .setClientUs(client).setEnqueuedUs(enq).setBatchedUs(cut)
                .setServiceStartUs(span.startUs()).setServiceEndUs(span.endUs())
                .setQueuedMs(ms(cut - enq)).setBatchedMs(ms(span.startUs() - cut))
                .setServiceMs(ms(span.endUs() - span.startUs())).setEndToEndMs(ms(span.endUs() - client))
                .build();
    }

    private static double ms(long us) {
        return us / 1000.0;
    }
}
