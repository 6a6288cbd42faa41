package io.homeostat.sim;

import io.homeostat.core.config.ConfigException;
import io.homeostat.core.config.ConfigKey;
import java.util.List;
import java.util.Map;

/**
 * The simulated worker's batch service time {@code S(B, tokens) = a + b B + c tokens}, where
 * tokens sums prompt and output tokens over the batch. The defaults are illustrative, not measured:
 * a GPU whose forward passes cost 25 ms per batch whatever its size (weights streamed once per
 * step, the cost batching amortises), 0.5 ms per sequence and 2 us per token (500k tokens/s).
 * Calibrate them from the worker's completions ({@code a}, {@code b} of the controller's fit).
 *
 * @param aMs          fixed cost per batch, ms
 * @param bMs          cost per request, ms
 * @param cMsPerToken  cost per token, ms
 */
public record ServiceModel(double aMs, double bMs, double cMsPerToken) {

    public static final ConfigKey<Double> A_MS = ConfigKey.decimal("sim.service.a.ms", 25.0, v -> v >= 0, ">= 0",
        "simulated service time: fixed cost per batch (a), ms");
    public static final ConfigKey<Double> B_MS = ConfigKey.decimal("sim.service.b.ms", 0.5, v -> v >= 0, ">= 0",
        "simulated service time: cost per request (b), ms");
    public static final ConfigKey<Double> C_MS_PER_TOKEN = ConfigKey.decimal("sim.service.c.ms.per.token", 0.002,
        v -> v >= 0, ">= 0", "simulated service time: cost per prompt or output token (c), ms");
    public static final List<ConfigKey<?>> KEYS = List.of(A_MS, B_MS, C_MS_PER_TOKEN);

    public ServiceModel {
        A_MS.check(aMs);
        B_MS.check(bMs);
        C_MS_PER_TOKEN.check(cMsPerToken);
        if (aMs + bMs + cMsPerToken == 0) {
            throw ConfigException.conflict("sim.service.a.ms, sim.service.b.ms and sim.service.c.ms.per.token are all 0: "
                + "batches would take no time");
        }
    }

    public static ServiceModel from(Map<String, String> s) {
        return new ServiceModel(A_MS.from(s), B_MS.from(s), C_MS_PER_TOKEN.from(s));
    }

    /** Service time of a batch of {@code requests} requests holding {@code tokens} tokens, whole ns (at least 1). */
    public long serviceNs(int requests, long tokens) {
        return Math.max(1, Math.round((aMs + bMs * requests + cMsPerToken * tokens) * 1e6));
    }

    @Override
    public String toString() {
        return "S(B, tokens) = " + aMs + " ms + " + bMs + " ms*B + " + cMsPerToken + " ms*tokens";
    }
}
