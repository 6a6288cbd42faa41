package io.homeostat.cli;

import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code worker}: the GPU worker (CUDA when present, else CPU) until SIGTERM / Ctrl-C. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run a worker (CUDA if present, else CPU) until SIGTERM.",
        "Run a worker: consume inference.batches, execute them (executor=auto: CUDA when a device is present, "
        + "else CPU), publish results, completions and worker metrics, transactionally. Stops on SIGTERM."},
    footer = {"", "Example: ./homeostat worker --bootstrap-servers localhost:29092 --set executor=cpu --set worker.id=w1"})
public final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (StopSignal stop = StopSignal.install(); Cluster cluster = Cluster.start(options.settings(), err, true)) {
            if (cluster.embedded()) {
                stop.grace(Cluster.EMBEDDED_GRACE);
            }
            WorkerConfig config = Components.workerConfig(cluster);
            try (WorkerApp worker = WorkerApp.start(config)) {
                err.println("worker " + config.workerId() + " running on " + cluster.bootstrapServers() + "; Ctrl-C to stop");
                err.flush();
                while (!stop.sleep(Duration.ofMillis(200))) {
                    if (!worker.isRunning()) {
                        throw new CliException(ExitCode.FAILED, "the worker stopped on its own (see the log above)");
                    }
                }
                err.println("stopping the worker (finishing the batch in hand)...");
                err.flush();
            }
            return ExitCode.OK;
        }
    }
}
