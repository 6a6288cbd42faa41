package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Starting the scheduler and the worker in this process, from a {@link Cluster}'s resolved settings. */
final class Components {
    static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(90);

    private Components() {
    }

    static SchedulerAppConfig schedulerConfig(Cluster cluster) {
        return new SchedulerAppConfig(ConfigOptions.only(SchedulerAppConfig.definition(), cluster.settings()));
    }

    static WorkerConfig workerConfig(Cluster cluster) {
        return new WorkerConfig(ConfigOptions.only(WorkerConfig.definition(), cluster.settings()));
    }

    /** Starts the scheduler and waits until Kafka Streams is RUNNING. */
    static SchedulerApp scheduler(SchedulerAppConfig config) throws InterruptedException {
        return scheduler(config, StopSignal.none());
    }

    /** Starts the scheduler and waits until Kafka Streams is RUNNING, or until a stop is asked for. */
    static SchedulerApp scheduler(SchedulerAppConfig config, StopSignal stop) throws InterruptedException {
        SchedulerApp app = SchedulerApp.start(config);
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        try {
            while (true) {
                if (stop.requested()) {
                    app.close();
                    throw new CliException(ExitCode.INCOMPLETE, "stopped while the scheduler was starting");
                }
                try {
                    app.awaitRunning(Duration.ofMillis(250));
                    return app;
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        } catch (TimeoutException | IllegalStateException e) {
            app.close();
            throw new CliException(ExitCode.FAILED, "the scheduler did not start: " + e.getMessage()
                + " (is the broker healthy? is another scheduler with application.id=" + config.applicationId()
                + " holding the state directory " + config.stateDir() + "?)");
        }
    }

    /** Ends the command with a one-line error when a component has stopped on its own. */
    static void checkAlive(SchedulerApp scheduler, WorkerApp worker) {
        if (scheduler != null && (scheduler.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR
            || scheduler.state() == org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING)) {
            throw new CliException(ExitCode.FAILED, "the scheduler stopped (" + scheduler.state() + "; see the log above)");
        }
        if (worker != null && !worker.isRunning()) {
            throw new CliException(ExitCode.FAILED, "the worker stopped on its own (see the log above)");
        }
    }
}
