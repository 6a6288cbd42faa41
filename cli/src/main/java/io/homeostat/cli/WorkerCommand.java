package io.homeostat.cli;

import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
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
    public Integer call() {
        return ServiceLoop.untilStopped(options, spec.commandLine().getErr(), true, (cluster, stop) -> {
            WorkerConfig config = Components.workerConfig(cluster);
            return new ServiceLoop.Running(null, WorkerApp.start(config), "worker " + config.workerId(), "",
                "stopping the worker (finishing the batch in hand)...");
        });
    }
}
