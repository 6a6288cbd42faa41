/**
 * The scheduling core: pure Java, no Kafka, no CUDA, no Avro, no clock reads.
 *
 * <pre>
 *                       ┌──────────────────────── PoolScheduler (one per pool) ───────────────────────┐
 *  Request ──offer──►   │ EntropySensor ─H─► BatchPolicy (entropy | fixed | triton | aimd)            │
 *                       │ AgedPriorityQueue (lazy aging, bound, deadlines)        │ cut?  n?           │
 *  tick(now) ─────────► │ QueueingController ─budget, S(B)──────────────────────►│                    │──► ScheduledBatch
 *  CompletionReport ──► │   lambda, S(B)=a+bB, rho, floor, eviction (throttled)                      │──► Dropped (reason)
 *  snapshot(now) ─────► │ FairnessLedger (Jain)                                                      │──► StabilityState
 *                       └─────────────────────────────────────────────────────────────────────────────┘
 *                              exportState() / restore(...)  ◄──►  PoolStateCodec, QueueEntryCodec (bytes)
 * </pre>
 *
 * <p>Drivers: the Kafka Streams processor (live, epoch nanoseconds), the discrete-event
 * simulator (virtual nanoseconds), the JMH benchmarks. Times are {@code long} nanoseconds passed
 * in by the driver; see {@link io.homeostat.core.time.Clock}.
 */
package io.homeostat.core;
