package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.worker.WorkerApp;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * What {@code scheduler}, {@code worker} and {@code run} share:
 *
 * <pre>
 *   Kafka (embedded or checked) ─► start the components ─► "… running; Ctrl-C to stop"
 *     ─► every 200 ms: stopped by a signal? a component died on its own (exit FAILED)?
 *     ─► "stopping …" ─► close the worker (finishing the batch in hand), then the scheduler ─► Kafka
 * </pre>
 */
final class ServiceLoop {
    private ServiceLoop() {
    }

    /**
     * The components a command runs (either may be null), printed as
     * {@code <name> running on <bootstrap.servers><detail>; Ctrl-C to stop}, and {@code stopping} when stopped.
     */
    record Running(SchedulerApp scheduler, WorkerApp worker, String name, String detail, String stopping)
        implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (worker != null) {
                    worker.close();
                }
            } finally {
                if (scheduler != null) {
                    scheduler.close();
                }
            }
        }
    }

    /** Starts the components on a resolved cluster; closes what it started if a later start fails. */
    interface Starter {
        Running start(Cluster cluster, StopSignal stop);
    }

    /** Runs until SIGTERM / Ctrl-C; {@code provision}: create and check the topics first (the scheduler does it itself). */
    static int untilStopped(ConfigOptions options, PrintWriter err, boolean provision, Starter starter) {
        try (StopSignal stop = StopSignal.install(); Cluster cluster = Cluster.start(options.settings(), err, provision)) {
            cluster.holdBrokerUntilClosed(); // Ctrl-C: the clients below close (and commit) before the broker stops
            try (Running running = starter.start(cluster, stop)) {
                err.println(running.name() + " running on " + cluster.bootstrapServers() + running.detail() + "; Ctrl-C to stop");
                err.flush();
                while (!stop.sleep(Duration.ofMillis(200))) {
                    Components.checkAlive(running.scheduler(), running.worker());
                }
                err.println(running.stopping());
                err.flush();
            }
            return ExitCode.OK;
        }
    }
}
