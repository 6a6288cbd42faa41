package io.homeostat.scheduler;

import io.homeostat.config.ConfigLoader;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a scheduler until SIGTERM: {@code java -cp ... io.homeostat.scheduler.SchedulerMain key=value ...}.
 * Needs a real {@code bootstrap.servers} (the {@code homeostat scheduler} command also handles the
 * embedded broker); used for child-process schedulers in crash tests and containers. Exits 2 on a
 * configuration error, 1 when Kafka Streams fails.
 */
public final class SchedulerMain {
    private SchedulerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SchedulerAppConfig config;
        try {
            Map<String, String> settings = ConfigLoader.parseOverrides(Arrays.asList(args));
            ConfigLoader.checkKnown(SchedulerAppConfig.definition(), settings, "command line");
            config = new SchedulerAppConfig(settings);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.usesEmbeddedKafka()) {
            System.err.println("error: bootstrap.servers is required (SchedulerMain does not start a broker)");
            System.exit(2);
        }
        SchedulerApp app;
        try {
            app = SchedulerApp.start(config);
        } catch (RuntimeException e) { // unreachable broker, contradicting topics, a port in use: one line, exit 1
            System.err.println("error: cannot start the scheduler: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            app.close();
            done.countDown();
        }, "homeostat-scheduler-shutdown"));
        while (done.getCount() > 0) {
            var state = app.state();
            if (!stopping.get() && (state == org.apache.kafka.streams.KafkaStreams.State.ERROR
                    || state == org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING)) {
                System.err.println("error: the scheduler stopped (" + state + ")");
                app.close();
                System.exit(1);
            }
            done.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
