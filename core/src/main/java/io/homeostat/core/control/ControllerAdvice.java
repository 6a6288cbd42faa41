package io.homeostat.core.control;

/**
 * The controller's state sent along with a batch, which the worker must honour (the core's view of
 * the Avro {@code ControllerState}).
 *
 * @param minimumStableBlocks  free blocks the pool must keep
 * @param evictionTargetBlocks prefix-cache blocks to evict before admitting the batch (0: none)
 * @param blockBudget          blocks the batch was allowed to take
 * @param lambdaPerSecond      arrival rate estimate
 * @param muMaxPerSecond       batched capacity {@code B_max / S(B_max)}
 * @param rho                  utilisation
 * @param quantizationBits     quantization advice
 * @param evictionThrottled    an eviction was wanted but the throttle held it back
 */
public record ControllerAdvice(int minimumStableBlocks, int evictionTargetBlocks, int blockBudget,
                               double lambdaPerSecond, double muMaxPerSecond, double rho, int quantizationBits,
                               boolean evictionThrottled) {
}
