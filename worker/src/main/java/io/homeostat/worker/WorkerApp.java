package io.homeostat.worker;

import io.homeostat.engine.cuda.ExecutorSpec;
import io.homeostat.engine.cuda.Executors;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: loads the model, opens the executor the configuration asks for (failing at start
 * when {@code executor=cuda} cannot be honoured), and runs a {@link TransactionalWorker} on its own thread.
 *
 * <pre>
 *   WorkerApp app = WorkerApp.start(new WorkerConfig(props));   // bootstrap.servers resolved
 *   ...
 *   app.close();                                                // finishes the batch in hand, then stops
 * </pre>
 */
public final class WorkerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerApp.class);
    private final TransactionalWorker worker;
    private final Thread thread;

    private WorkerApp(TransactionalWorker worker) {
        this.worker = worker;
        this.thread = new Thread(worker, "homeostat-worker");
        this.thread.setUncaughtExceptionHandler((t, e) -> LOG.error("worker stopped: {}", e.toString(), e));
    }

    public static WorkerApp start(WorkerConfig config) {
        LoadedModel model = LoadedModel.load(config);
        ExecutorSpec spec = spec(config, model);
        LOG.info("worker {}: model {}", config.workerId(), model.source());
        // open once now so a bad executor setting fails at start, not at the first batch
        var first = Executors.open(model.weights(), spec);
        var handed = new java.util.concurrent.atomic.AtomicBoolean();
        TransactionalWorker w = new TransactionalWorker(config,
                () -> handed.compareAndSet(false, true) ? first : Executors.open(model.weights(), spec), model,
                Clock.systemUTC());
        WorkerApp app = new WorkerApp(w);
        app.thread.start();
        return app;
    }

    static ExecutorSpec spec(WorkerConfig c, LoadedModel model) {
        return new ExecutorSpec(c.executorKind(), c.getInt(WorkerConfig.KV_BLOCKS_CONFIG), c.getInt(WorkerConfig.CUDA_KV_BLOCKS_CONFIG),
                c.getInt(WorkerConfig.KV_BLOCK_SIZE_CONFIG), c.cpuThreads(), c.getInt(WorkerConfig.MAX_STEP_TOKENS_CONFIG),
                model.trained(), c.getInt(WorkerConfig.CUDA_DEVICE_CONFIG));
    }

    public TransactionalWorker worker() {
        return worker;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        worker.stop();
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
