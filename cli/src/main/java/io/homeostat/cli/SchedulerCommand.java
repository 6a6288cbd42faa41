package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scheduler}: the Kafka Streams scheduler until SIGTERM / Ctrl-C. */
@Command(name = "scheduler", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the scheduler (Kafka Streams) until SIGTERM.",
        "Run the scheduler (Kafka Streams): read requests, keep each pool's entropy sensor and aged queue, "
        + "cut batches on the adaptive window, publish batches and stability metrics. Stops cleanly on SIGTERM."},
    footer = {"", "Example: ./homeostat scheduler --bootstrap-servers localhost:29092 --set scheduler.policy=entropy"})
public final class SchedulerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        return ServiceLoop.untilStopped(options, spec.commandLine().getErr(), false, (cluster, stop) -> {
            SchedulerAppConfig config = Components.schedulerConfig(cluster);
            SchedulerApp scheduler = Components.scheduler(config, stop);
            return new ServiceLoop.Running(scheduler, null, "scheduler " + config.applicationId(), " (policy "
                + config.policy() + (scheduler.metricsPort() > 0 ? ", metrics http://localhost:" + scheduler.metricsPort()
                + "/metrics" : "") + ")", "stopping the scheduler (committing)...");
        });
    }
}
