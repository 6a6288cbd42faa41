/**
 * {@code ./homeostat}, the command line: one picocli command per job, each driving the modules that
 * do the work (nothing here reimplements scheduling, simulation, serde or execution).
 *
 * <pre>
 *   demo ──► Cluster (embedded Kafka | --bootstrap-servers) ─► SchedulerApp + WorkerApp (streams-app, worker)
 *     │         replay: BurstyWorkload | trace ─► ReplayPlan ─► ReplayRun ─► inference.requests
 *     │         ResultsTracker (results, metrics) ─► StatusLine ─► ReportData ─► ReportWriter + ReportCharts
 *   run / scheduler / worker ──► Cluster ─► the components, until SIGTERM (StopSignal)
 *   topics / produce / consume / replay / record / report ──► KafkaSession (a running cluster)
 *   simulate / entropy ──► the simulator (Simulator, EntropySeries over the core's EntropySensor)
 *
 *   settings: ConfigOptions (--config, --set, --bootstrap-servers, --schema-registry-url)
 *             checked against Settings (every component's ConfigDef)
 *   failures: CliException / Failures ─► "error: one line" + ExitCode
 * </pre>
 */
package io.homeostat.cli;
