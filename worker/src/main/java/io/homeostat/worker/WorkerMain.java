package io.homeostat.worker;

import io.homeostat.config.ConfigLoader;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a worker until SIGTERM: {@code java -cp ... io.homeostat.worker.WorkerMain key=value ...}. Needs a
 * real {@code bootstrap.servers} (the {@code homeostat worker} command also handles the embedded broker);
 * used for child-process workers in crash tests and containers.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = ConfigLoader.parseOverrides(Arrays.asList(args));
        ConfigLoader.checkKnown(WorkerConfig.definition(), settings, "command line");
        WorkerConfig config = new WorkerConfig(settings);
        if (config.usesEmbeddedKafka()) {
            System.err.println("error: bootstrap.servers is required (WorkerMain does not start a broker)");
            System.exit(2);
        }
        WorkerApp app = WorkerApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "homeostat-worker-shutdown"));
        while (app.isRunning()) {
            Thread.sleep(200);
        }
    }
}
