package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import java.io.PrintWriter;
import java.time.Duration;
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
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignal stop = StopSignal.install(); Cluster cluster = Cluster.start(options.settings(), err, false)) {
            if (cluster.embedded()) {
                stop.grace(Cluster.EMBEDDED_GRACE);
            }
            SchedulerAppConfig config = Components.schedulerConfig(cluster);
            try (SchedulerApp scheduler = Components.scheduler(config, stop)) {
                err.println("scheduler " + config.applicationId() + " running on " + cluster.bootstrapServers() + " (policy "
                    + config.policy() + (scheduler.metricsPort() > 0 ? ", metrics http://localhost:" + scheduler.metricsPort()
                    + "/metrics" : "") + "); Ctrl-C to stop");
                err.flush();
                while (!stop.sleep(Duration.ofMillis(200))) {
                    Components.checkAlive(scheduler, null);
                }
                err.println("stopping the scheduler (committing)...");
                err.flush();
            }
            return ExitCode.OK;
        }
    }
}
