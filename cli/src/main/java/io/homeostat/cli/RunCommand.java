package io.homeostat.cli;

import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
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
    public Integer call() {
        return ServiceLoop.untilStopped(options, spec.commandLine().getErr(), false, (cluster, stop) -> {
            SchedulerAppConfig sc = Components.schedulerConfig(cluster);
            WorkerConfig wc = Components.workerConfig(cluster);
            SchedulerApp scheduler = Components.scheduler(sc, stop);
            try {
                return new ServiceLoop.Running(scheduler, WorkerApp.start(wc), "scheduler " + sc.applicationId()
                    + " (policy " + sc.policy() + ") and worker " + wc.workerId(), "", "stopping the worker, then the scheduler...");
            } catch (RuntimeException e) {
                scheduler.close();
                throw e;
            }
        });
    }
}
