package io.homeostat.core.control;

import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@link QueueingController}.
 *
 * @param blockSizeTokens        tokens per KV block
 * @param lambdaTimeConstantMs   time constant T of the decayed arrival count
 * @param lambdaMinObservationMs floor on the observation time used to normalise the count
 * @param priorInterceptMs       service-time prior {@code a} in {@code S(B) = a + b B}, used until fitted
 * @param priorSlopeMs           service-time prior {@code b}
 * @param rlsForgetting          forgetting factor of the recursive least squares fit
 * @param serviceEwmaWeight      weight of a new completion in E[S]
 * @param blocksEwmaWeight       weight of a new arrival / completion in E[blocks]
 * @param littleMargin           safety margin in Little's law (1.15 = 15 %)
 * @param evictionThrottleMs     minimum interval between two eviction requests
 */
public record ControllerConfig(int blockSizeTokens, double lambdaTimeConstantMs, double lambdaMinObservationMs,
                               double priorInterceptMs, double priorSlopeMs, double rlsForgetting,
                               double serviceEwmaWeight, double blocksEwmaWeight, double littleMargin,
                               double evictionThrottleMs) {

    public static final ConfigKey<Integer> BLOCK_SIZE_TOKENS = ConfigKey.int32("controller.block.size.tokens", 16,
        v -> v >= 1, ">= 1", "tokens per KV-cache block");
    public static final ConfigKey<Double> LAMBDA_TIME_CONSTANT_MS = ConfigKey.decimal("controller.lambda.time.constant.ms",
        10_000.0, v -> v >= 1, ">= 1", "time constant T of the exponentially decayed arrival count behind lambda, ms");
    public static final ConfigKey<Double> LAMBDA_MIN_OBSERVATION_MS = ConfigKey.decimal(
        "controller.lambda.min.observation.ms", 1_000.0, v -> v > 0, "> 0",
        "lambda divides by at least this much observed time, so a first burst does not read as an infinite rate, ms");
    public static final ConfigKey<Double> PRIOR_INTERCEPT_MS = ConfigKey.decimal("controller.service.prior.intercept.ms",
        10.0, v -> v >= 0, ">= 0", "prior a in S(B) = a + b*B until completions refine it, ms");
    public static final ConfigKey<Double> PRIOR_SLOPE_MS = ConfigKey.decimal("controller.service.prior.slope.ms",
        1.0, v -> v >= 0, ">= 0", "prior b in S(B) = a + b*B until completions refine it, ms per request");
    public static final ConfigKey<Double> RLS_FORGETTING = ConfigKey.decimal("controller.rls.forgetting", 0.999,
        v -> v > 0.5 && v <= 1, "in (0.5, 1]", "forgetting factor of the recursive least-squares service-time fit");
    public static final ConfigKey<Double> SERVICE_EWMA_WEIGHT = ConfigKey.decimal("controller.service.ewma.weight", 0.1,
        v -> v > 0 && v <= 1, "in (0, 1]", "weight of each completion in the mean service time E[S]");
    public static final ConfigKey<Double> BLOCKS_EWMA_WEIGHT = ConfigKey.decimal("controller.blocks.ewma.weight", 0.05,
        v -> v > 0 && v <= 1, "in (0, 1]", "weight of each arrival (and completion) in E[blocks] per request");
    public static final ConfigKey<Double> LITTLE_MARGIN = ConfigKey.decimal("controller.little.margin", 1.15,
        v -> v >= 1, ">= 1", "safety factor in minimum_stable_blocks = ceil(lambda * E[S] * E[blocks] * margin)");
    public static final ConfigKey<Double> EVICTION_THROTTLE_MS = ConfigKey.decimal("controller.eviction.throttle.ms",
        100.0, v -> v >= 0, ">= 0", "minimum interval between two eviction requests to the worker, ms");

    public static final List<ConfigKey<?>> KEYS = List.of(BLOCK_SIZE_TOKENS, LAMBDA_TIME_CONSTANT_MS,
        LAMBDA_MIN_OBSERVATION_MS, PRIOR_INTERCEPT_MS, PRIOR_SLOPE_MS, RLS_FORGETTING, SERVICE_EWMA_WEIGHT,
        BLOCKS_EWMA_WEIGHT, LITTLE_MARGIN, EVICTION_THROTTLE_MS);

    public ControllerConfig {
        BLOCK_SIZE_TOKENS.check(blockSizeTokens);
        LAMBDA_TIME_CONSTANT_MS.check(lambdaTimeConstantMs);
        LAMBDA_MIN_OBSERVATION_MS.check(lambdaMinObservationMs);
        PRIOR_INTERCEPT_MS.check(priorInterceptMs);
        PRIOR_SLOPE_MS.check(priorSlopeMs);
        RLS_FORGETTING.check(rlsForgetting);
        SERVICE_EWMA_WEIGHT.check(serviceEwmaWeight);
        BLOCKS_EWMA_WEIGHT.check(blocksEwmaWeight);
        LITTLE_MARGIN.check(littleMargin);
        EVICTION_THROTTLE_MS.check(evictionThrottleMs);
        if (priorInterceptMs + priorSlopeMs <= 0) {
            throw io.homeostat.core.config.ConfigException.conflict(PRIOR_INTERCEPT_MS.name() + " and "
                + PRIOR_SLOPE_MS.name() + " are both 0: the prior service time S(1) must be positive");
        }
    }

    public static ControllerConfig defaults() {
        return from(Map.of());
    }

    public static ControllerConfig from(Map<String, String> s) {
        return new ControllerConfig(BLOCK_SIZE_TOKENS.from(s), LAMBDA_TIME_CONSTANT_MS.from(s),
            LAMBDA_MIN_OBSERVATION_MS.from(s), PRIOR_INTERCEPT_MS.from(s), PRIOR_SLOPE_MS.from(s), RLS_FORGETTING.from(s),
            SERVICE_EWMA_WEIGHT.from(s), BLOCKS_EWMA_WEIGHT.from(s), LITTLE_MARGIN.from(s), EVICTION_THROTTLE_MS.from(s));
    }
}
