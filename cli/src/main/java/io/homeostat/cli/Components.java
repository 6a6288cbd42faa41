package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

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
    static SchedulerApp scheduler(SchedulerAppConfig config) {
        return scheduler(config, StopSignal.none());
    }

    /** Starts the scheduler and waits until Kafka Streams is RUNNING, or until a stop is asked for. */
    static SchedulerApp scheduler(SchedulerAppConfig config, StopSignal stop) {
        SchedulerApp app = SchedulerApp.start(config);
        try {
            long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
            while (true) {
                if (stop.requested()) {
                    throw new CliException(ExitCode.INCOMPLETE, "stopped while the scheduler was starting");
                }
                KafkaStreams.State state = app.state();
                if (state == KafkaStreams.State.RUNNING) {
                    return app;
                }
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                    throw failed(config, "it stopped before running (" + state + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw failed(config, "not running after " + RUNNING_TIMEOUT.toSeconds() + " s (state " + state + ")");
                }
                stop.sleep(Duration.ofMillis(50));
            }
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private static CliException failed(SchedulerAppConfig config, String why) {
        return new CliException(ExitCode.FAILED, "the scheduler did not start: " + why + " (is the broker healthy? is "
            + "another scheduler with application.id=" + config.applicationId() + " holding the state directory "
            + config.stateDir() + "?)");
    }

    /** Ends the command with a one-line error when a component has stopped on its own. */
    static void checkAlive(SchedulerApp scheduler, WorkerApp worker) {
        if (scheduler != null && (scheduler.state() == KafkaStreams.State.ERROR
            || scheduler.state() == KafkaStreams.State.NOT_RUNNING)) {
            throw new CliException(ExitCode.FAILED, "the scheduler stopped (" + scheduler.state() + "; see the log above)");
        }
        if (worker != null && !worker.isRunning()) {
            throw new CliException(ExitCode.FAILED, "the worker stopped on its own (see the log above)");
        }
    }
}
