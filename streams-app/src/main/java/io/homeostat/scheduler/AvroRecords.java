package io.homeostat.scheduler;

import io.homeostat.avro.Batch;
import io.homeostat.avro.BatchedRequest;
import io.homeostat.avro.Completion;
import io.homeostat.avro.ControllerState;
import io.homeostat.avro.InferenceRequest;
import io.homeostat.avro.InferenceResult;
import io.homeostat.avro.KvPoolState;
import io.homeostat.avro.ResultStatus;
import io.homeostat.avro.StabilityMetrics;
import io.homeostat.avro.Timing;
import io.homeostat.core.Request;
import io.homeostat.core.control.CompletionReport;
import io.homeostat.core.control.ControllerAdvice;
import io.homeostat.core.queue.DropReason;
import io.homeostat.core.queue.Dropped;
import io.homeostat.core.scheduler.DispatchedRequest;
import io.homeostat.core.scheduler.ScheduledBatch;
import io.homeostat.core.scheduler.StabilityState;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's values to the Avro contract and back: one place that knows both sides' field
 * names and units (the core counts nanoseconds on the scheduler's epoch clock, the contract uses
 * epoch microseconds and milliseconds).
 */
final class AvroRecords {
    private AvroRecords() {
    }

    /** The core's view of a validated request, arrived at {@code arrivalNs}, KV blocks at {@code blockSize} tokens. */
    static Request<InferenceRequest> request(InferenceRequest r, long arrivalNs, int blockSize) {
        Long deadlineUs = r.getDeadlineUs();
        long deadlineNs = deadlineUs == null ? Request.NO_DEADLINE
            : deadlineUs >= Long.MAX_VALUE / 1000 ? Request.NO_DEADLINE : deadlineUs * 1000;
        int prompt = r.getPromptTokens();
        int maxNew = r.getMaxNewTokens();
        return new Request<>(r.getRequestId(), r.getTenant(), r.getPriorityBid(), arrivalNs, prompt, maxNew,
            Request.blocksFor(prompt, maxNew, blockSize), deadlineNs, r);
    }

    static Batch batch(ScheduledBatch<InferenceRequest> b) {
        List<BatchedRequest> requests = new ArrayList<>(b.size());
        for (DispatchedRequest<InferenceRequest> d : b.requests()) {
            requests.add(BatchedRequest.newBuilder()
                .setRequest(d.request().payload())
                .setEffectivePriority(d.effectivePriority())
                .setEnqueuedUs(d.request().arrivalNs() / 1000)
                .setWaitUs(d.waitNs() / 1000)
                .setKvBlocks(d.request().blocks())
                .build());
        }
        return Batch.newBuilder()
            .setBatchId(b.batchId())
            .setPool(b.pool())
            .setSequence(b.sequence())
            .setCutUs(b.cutNs() / 1000)
            .setIntendedCutUs(b.intendedCutNs() / 1000)
            .setCutReason(b.reason().name())
            .setPolicy(b.policy())
            .setWindowMs(b.windowNs() / 1e6)
            .setEntropyBits(b.entropyBits())
            .setRegime(b.regime().name())
            .setQueueDepthAfter(b.queueDepthAfter())
            .setController(controller(b.controller()))
            .setRequests(requests)
            .build();
    }

    static ControllerState controller(ControllerAdvice a) {
        return ControllerState.newBuilder()
            .setMinimumStableBlocks(a.minimumStableBlocks())
            .setEvictionTargetBlocks(a.evictionTargetBlocks())
            .setBlockBudget(a.blockBudget())
            .setLambdaPerS(a.lambdaPerSecond())
            .setMuMaxPerS(a.muMaxPerSecond())
            .setRho(a.rho())
            .setQuantizationBits(a.quantizationBits())
            .setEvictionThrottled(a.evictionThrottled())
            .build();
    }

    /** The answer to a request the scheduler gave up on: EXPIRED for a passed deadline, else REJECTED. */
    static InferenceResult dropped(Dropped<InferenceRequest> d) {
        Request<InferenceRequest> r = d.request();
        InferenceRequest in = r.payload();
        long nowUs = d.atNs() / 1000;
        boolean queued = d.seq() >= 0;
        long enqueuedUs = queued ? r.arrivalNs() / 1000 : 0;
        ResultStatus status = d.reason() == DropReason.EXPIRED ? ResultStatus.EXPIRED : ResultStatus.REJECTED;
        Timing timing = Timing.newBuilder()
            .setClientUs(in.getClientTimestampUs())
            .setEnqueuedUs(enqueuedUs)
            .setBatchedUs(0).setServiceStartUs(0).setServiceEndUs(0)
            .setQueuedMs(queued ? (nowUs - enqueuedUs) / 1000.0 : 0)
            .setBatchedMs(0).setServiceMs(0)
            .setEndToEndMs((nowUs - in.getClientTimestampUs()) / 1000.0)
            .build();
        return InferenceResult.newBuilder()
            .setRequestId(r.id())
            .setTenant(r.tenant())
            .setPool(in.getPool())
            .setStatus(status)
            .setReason(d.reason().name() + ": " + d.detail())
            .setPromptTokens(r.promptTokens())
            .setEffectivePriority(d.effectivePriority())
            .setTiming(timing)
            .setAttributes(in.getAttributes())
            .build();
    }

    static StabilityMetrics metrics(StabilityState s) {
        return StabilityMetrics.newBuilder()
            .setPool(s.pool())
            .setTimestampUs(s.timestampNs() / 1000)
            .setIntervalMs(s.intervalNs() / 1_000_000)
            .setQueueingLambda(s.queueingLambda())
            .setQueueingMu(s.queueingMu())
            .setQueueingRho(s.queueingRho())
            .setQueueingIsStable(s.queueingIsStable())
            .setQueueingLambdaCritical(s.queueingLambdaCritical())
            .setQueueingMinimumStableBlocks(s.queueingMinimumStableBlocks())
            .setQueueingStabilityMarginPct(s.queueingStabilityMarginPct())
            .setEntropyBits(s.entropyBits())
            .setAdaptiveWindowMs(s.adaptiveWindowMs())
            .setRegime(s.regime().name())
            .setQueueDepth(s.queueDepth())
            .setJainFairness(s.jainFairness())
            .setEvictionTargetBlocks(s.evictionTargetBlocks())
            .setEvictionThrottled(s.evictionThrottled())
            .setQuantizationBits(s.quantizationBits())
            .setFreeBlocks(s.freeBlocks())
            .setCachedBlocks(s.cachedBlocks())
            .setServiceInterceptMs(s.serviceInterceptMs())
            .setServiceSlopeMs(s.serviceSlopeMs())
            .setMeanBlocksPerRequest(s.meanBlocksPerRequest())
            .setPolicy(s.policy())
            .setBatchesCut(s.batchesCut())
            .setMeanBatchSize(s.meanBatchSize())
            .setRequestsShed(s.requestsShed())
            .setRequestsExpired(s.requestsExpired())
            .setMaxWaitMs(s.maxWaitMs())
            .build();
    }

    /**
     * The core's view of a completion, or null when its batch id is not {@code pool-sequence}
     * of its own pool (the caller dead-letters it).
     */
    static CompletionReport completion(Completion c) {
        String id = c.getBatchId();
        String prefix = c.getPool() + "-";
        if (id == null || !id.startsWith(prefix)) {
            return null;
        }
        long seq;
        try {
            seq = Long.parseLong(id.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
        KvPoolState p = c.getPoolState();
        double ms = c.getServiceTimeMs();
        long serviceNs = Double.isFinite(ms) && ms > 0 ? (long) (ms * 1e6) : 0;
        return new CompletionReport(seq, Math.max(0, c.getBatchSize()), serviceNs, Math.max(0, c.getBlocksUsed()),
            p == null ? -1 : p.getFreeBlocks(), p == null ? -1 : p.getCachedBlocks(), p == null ? -1 : p.getTotalBlocks());
    }
}
