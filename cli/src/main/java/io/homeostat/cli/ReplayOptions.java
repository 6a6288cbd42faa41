package io.homeostat.cli;

import io.homeostat.engine.exec.TokenMapping;
import io.homeostat.sim.trace.Trace;
import io.homeostat.sim.trace.TraceFormat;
import io.homeostat.worker.WorkerConfig;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Option;

/** How a trace becomes requests (shared by {@code replay} and {@code demo --trace}). */
public final class ReplayOptions {
    @Option(names = {"-s", "--speed"}, paramLabel = "K", defaultValue = "1",
        description = "Replay K times faster than recorded: every gap is divided by K (default ${DEFAULT-VALUE}).")
    double speed = 1;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of the tenant/bid rule for records without them (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--pool", defaultValue = "default", description = "Pool of records without one (default ${DEFAULT-VALUE}).")
    String pool = "default";

    @Option(names = "--id-prefix", description = "request_id prefix for records without an id (default: replay-<random>).")
    String idPrefix;

    @Option(names = "--rename-ids", description = "Give every request a new id <id-prefix>-<index>, also records that carry "
        + "one (to replay a recording onto the cluster it came from without reusing its ids).")
    boolean renameIds;

    @Option(names = "--token-mapping", paramLabel = "auto|scale|none", defaultValue = "auto",
        description = "scale: trace token counts x --token-scale, clamped to model.seq.len (originals kept in "
            + "trace_*_tokens); none: as recorded; auto (default): scale for azure/mooncake, none for jsonl.")
    ReplayPlan.Mapping mapping = ReplayPlan.Mapping.AUTO;

    @Option(names = "--token-scale", paramLabel = "X", defaultValue = "0.03125",
        description = "Factor on trace token counts (default 1/32: a 512-token trace block becomes one 16-token KV block).")
    double tokenScale = TokenMapping.DEFAULT_SCALE;

    /** The rules, with the model's limits taken from the worker settings (model.seq.len, model.vocab.size). */
    ReplayPlan.Rules rules(Map<String, String> settings) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw CliException.usage("--speed must be > 0, got " + speed);
        }
        if (!(tokenScale > 0) || Double.isInfinite(tokenScale)) {
            throw CliException.usage("--token-scale must be > 0, got " + tokenScale);
        }
        WorkerConfig model = new WorkerConfig(ConfigOptions.only(WorkerConfig.definition(), settings));
        TokenMapping tokens = new TokenMapping(model.getInt(WorkerConfig.MODEL_SEQ_LEN_CONFIG),
            model.getInt(WorkerConfig.MODEL_VOCAB_CONFIG), tokenScale, tokenScale, TokenMapping.TRACE_BLOCK_TOKENS);
        String prefix = idPrefix != null ? idPrefix : "replay-" + UUID.randomUUID().toString().substring(0, 8);
        return new ReplayPlan.Rules(speed, seed, pool, prefix, renameIds, mapping, tokens);
    }

    /** The plan for {@code trace} under these rules. */
    ReplayPlan plan(Trace trace, Map<String, String> settings) {
        ReplayPlan.Rules rules = rules(settings);
        boolean scale = switch (rules.mapping()) {
            case SCALE -> true;
            case NONE -> false;
            case AUTO -> trace.format() != TraceFormat.JSONL;
        };
        return ReplayPlan.of(trace.sortedByArrival(), rules, scale);
    }
}
