/**
 * The scheduler as a Kafka Streams application (Processor API): it drives the scheduling core's
 * {@code PoolScheduler}, one per pool, and persists what the core exports.
 *
 * <pre>
 *   inference.requests ──► validate-requests ──┐                       ┌──► inference.batches
 *   inference.completions ► decode-completions ┴──► scheduler ──────────┼──► inference.results (EXPIRED / REJECTED)
 *          both intakes ──► inference.dead-letter   stores + punctuators └──► inference.metrics
 * </pre>
 *
 * Entry points: {@link io.homeostat.scheduler.SchedulerApp} (in-process),
 * {@link io.homeostat.scheduler.SchedulerMain} (a process), {@link io.homeostat.scheduler.SchedulerTopology}
 * (the topology alone). Settings: {@link io.homeostat.scheduler.SchedulerAppConfig}. Design, stores,
 * timing and exactly-once: docs/scheduler.md.
 */
package io.homeostat.scheduler;
