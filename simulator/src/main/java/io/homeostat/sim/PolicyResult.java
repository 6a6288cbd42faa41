package io.homeostat.sim;

import java.util.Map;

/**
 * One policy's results on one trace at one speed.
 *
 * @param policy              the policy
 * @param requests            requests in the trace
 * @param served              requests executed
 * @param rejected            requests shed or refused (REJECTED)
 * @param expired             requests expired (EXPIRED)
 * @param p50Ms               median end-to-end latency of served requests (arrival to batch done), ms
 * @param p95Ms               95th percentile, ms
 * @param p99Ms               99th percentile, ms
 * @param meanMs              mean, ms
 * @param p99WaitMs           99th percentile of time queued in the scheduler, ms
 * @param sloAttainment       fraction of all requests served within the SLO (drops count as misses)
 * @param throughputPerS      served requests per second of virtual time (first arrival to last completion)
 * @param batches             batches cut
 * @param meanBatchSize       served / batches
 * @param jain                mean over active metrics intervals of Jain's index across tenants
 * @param maxWaitMsByTenant   longest scheduler queue wait per tenant, ms
 * @param meanEntropyBits     mean H over active metrics intervals
 * @param meanWindowMs        mean window in force over active metrics intervals, ms
 * @param makespanS           virtual time from the first arrival to the last completion, s
 * @param workerBusy          fraction of the makespan the worker(s) spent executing (per pool, summed)
 * @param wallMs              real time the simulation took, ms
 */
public record PolicyResult(String policy, long requests, long served, long rejected, long expired, double p50Ms,
                           double p95Ms, double p99Ms, double meanMs, double p99WaitMs, double sloAttainment,
                           double throughputPerS, long batches, double meanBatchSize, double jain,
                           Map<String, Double> maxWaitMsByTenant, double meanEntropyBits, double meanWindowMs,
                           double makespanS, double workerBusy, double wallMs) {
}
