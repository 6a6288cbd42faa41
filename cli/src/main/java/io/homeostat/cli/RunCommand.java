package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: scheduler and worker in one process (on the embedded broker unless --bootstrap-servers). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the scheduler and a worker in one process (embedded Kafka unless --bootstrap-servers).",
        "Run the scheduler and a worker in one process until SIGTERM / Ctrl-C. Without --bootstrap-servers it "
        + "starts an embedded Kafka broker and prints its address for produce/consume/replay."},
    footer = {"", "Example: ./homeostat run        # then, in another terminal: ./homeostat replay --bootstrap-servers <printed address> ..."})
public final class RunCommand implements Callable<Integer> {
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
            SchedulerAppConfig sc = Components.schedulerConfig(cluster);
            WorkerConfig wc = Components.workerConfig(cluster);
            try (SchedulerApp scheduler = Components.scheduler(sc, stop); WorkerApp worker = WorkerApp.start(wc)) {
                err.println("scheduler " + sc.applicationId() + " (policy " + sc.policy() + ") and worker " + wc.workerId()
                    + " running on " + cluster.bootstrapServers() + "; Ctrl-C to stop");
                err.flush();
                while (!stop.sleep(Duration.ofMillis(200))) {
                    Components.checkAlive(scheduler, worker);
                }
                err.println("stopping the worker, then the scheduler...");
                err.flush();
            }
            return ExitCode.OK;
        }
    }
}
