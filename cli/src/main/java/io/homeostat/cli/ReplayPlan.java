package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.core.Request;
import io.homeostat.engine.exec.TokenMapping;
import io.homeostat.sim.TenantAssignment;
import io.homeostat.sim.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a replay will send, decided before the first send: trace records (stably sorted by time)
 * become {@link InferenceRequest}s with their send offsets.
 *
 * <pre>
 *   offset_i  = round((arrival_i − arrival_0) / speed)            ns from the first send
 *   id        = the record's request_id, else (or with --rename-ids) &lt;id-prefix&gt;-&lt;trace index&gt;
 *   tenant/bid= the record's, else the simulator's seeded rule (TenantAssignment, "seeded-4")
 *   pool      = the record's, else --pool
 *   tokens    = scale: TokenMapping.lengths (×1/32 by default, clamped to model.seq.len), originals
 *                      kept in trace_prompt_tokens / trace_output_tokens
 *               none:  as recorded (the project's JSONL, already mapped)
 * </pre>
 *
 * The client timestamp is stamped at send time from the same offsets (see {@link ReplayRun}), so
 * a recorded replay replays with the same timings.
 */
public final class ReplayPlan {
    /** How token counts are mapped onto the model. */
    public enum Mapping { AUTO, SCALE, NONE }

    /** The rules of a replay. */
    public record Rules(double speed, long seed, String pool, String idPrefix, boolean renameIds, Mapping mapping,
                        TokenMapping tokens) {
    }

    private final List<InferenceRequest> requests;
    private final long[] offsetsNs;
    private final long[] deadlineOffsetsNs;

    private ReplayPlan(List<InferenceRequest> requests, long[] offsetsNs, long[] deadlineOffsetsNs) {
        this.requests = requests;
        this.offsetsNs = offsetsNs;
        this.deadlineOffsetsNs = deadlineOffsetsNs;
    }

    /** {@code sorted}: records in stable time order; {@code scaleTokens}: whether counts are trace counts to map. */
    public static ReplayPlan of(List<TraceRecord> sorted, Rules rules, boolean scaleTokens) {
        List<InferenceRequest> out = new ArrayList<>(sorted.size());
        long[] offsets = new long[sorted.size()];
        long[] deadlines = new long[sorted.size()];
        Arrays.fill(deadlines, -1);
        TenantAssignment assign = new TenantAssignment(rules.seed());
        long first = sorted.isEmpty() ? 0 : sorted.get(0).arrivalNs();
        for (int k = 0; k < sorted.size(); k++) {
            TraceRecord r = sorted.get(k);
            offsets[k] = scale(r.arrivalNs() - first, rules.speed());
            if (r.deadlineNs() != Request.NO_DEADLINE) {
                deadlines[k] = Math.max(0, scale(r.deadlineNs() - r.arrivalNs(), rules.speed()));
            }
            InferenceRequest.Builder b = InferenceRequest.newBuilder()
                .setRequestId(r.requestId() != null && !rules.renameIds() ? r.requestId() : rules.idPrefix() + "-" + r.index())
                .setTenant(assign.tenant(r.index(), r.tenant()))
                .setPool(r.pool() != null ? r.pool() : rules.pool())
                .setPriorityBid(assign.bid(r.index(), r.tenant(), r.bid()))
                .setClientTimestampUs(0)
                .setPromptText(r.promptText())
                .setAgentId(r.agentId())
                .setPrefixHashes(Arrays.stream(r.prefixHashes()).boxed().toList())
                .setAttributes(Map.copyOf(r.attributes()));
            if (scaleTokens) {
                TokenMapping.Lengths l = rules.tokens().lengths(r.promptTokens(), r.outputTokens());
                b.setPromptTokens(l.promptTokens()).setMaxNewTokens(l.maxNewTokens())
                    .setTracePromptTokens(l.tracePromptTokens()).setTraceOutputTokens(l.traceOutputTokens());
            } else {
                b.setPromptTokens(r.promptText() == null ? Math.max(1, r.promptTokens()) : r.promptTokens())
                    .setMaxNewTokens(Math.max(1, r.outputTokens()))
                    .setTracePromptTokens(r.tracePromptTokens()).setTraceOutputTokens(r.traceOutputTokens());
            }
            out.add(b.build());
        }
        return new ReplayPlan(out, offsets, deadlines);
    }

    static long scale(long deltaNs, double speed) {
        return speed == 1.0 ? deltaNs : Math.round(deltaNs / speed);
    }

    public int size() {
        return requests.size();
    }

    /** Request {@code k} as sent at {@code clientUs} (its deadline, if any, moves with it). */
    public InferenceRequest request(int k, long clientUs) {
        InferenceRequest r = InferenceRequest.newBuilder(requests.get(k)).setClientTimestampUs(clientUs).build();
        if (deadlineOffsetsNs[k] >= 0) {
            r.setDeadlineUs(clientUs + deadlineOffsetsNs[k] / 1_000);
        }
        return r;
    }

    public String requestId(int k) {
        return requests.get(k).getRequestId();
    }

    /** Send offset of request {@code k} from the first, ns. */
    public long offsetNs(int k) {
        return offsetsNs[k];
    }

    /** The span of the sped-up trace, ns. */
    public long spanNs() {
        return offsetsNs.length == 0 ? 0 : offsetsNs[offsetsNs.length - 1];
    }
}
