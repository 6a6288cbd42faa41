package io.homeostat.sim;

import java.util.List;

/**
 * Results of every policy run on one trace at one speed, with what is needed to reproduce them.
 *
 * @param trace       the trace's file name
 * @param format      its format
 * @param requests    records simulated
 * @param skipped     malformed lines skipped
 * @param speed       the speed-up
 * @param spanS       span of the sped-up trace, first to last arrival, s
 * @param meanRatePerS requests per second of the sped-up trace
 * @param config      simulation settings
 * @param maxBatch    the scheduler's batch.max.requests
 * @param maxTokens   the scheduler's batch.max.tokens
 * @param results     one per policy, in the order run
 */
public record SimulationReport(String trace, String format, long requests, long skipped, double speed, double spanS,
                               double meanRatePerS, SimulatorConfig config, int maxBatch, long maxTokens,
                               List<PolicyResult> results) {
}
