package io.homeostat.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.test.SharedKafka;
import io.homeostat.scheduler.SchedulerApp;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerApp;
import io.homeostat.worker.WorkerConfig;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets never reach the logs: a scheduler and a worker are started with every kind of secret set
 * (Kafka client passwords, the registry's basic-auth and truststore passwords) while everything at INFO
 * and above is captured, including the configuration dumps of every Kafka client Streams creates; and
 * the configs' own {@code toString} is checked too. The secrets are unused on this PLAINTEXT broker, so
 * the pipeline still runs.
 */
@ExtendWith(SharedKafka.class)
class SecretsInLogsIntegrationTest {
    private static final String SECRET = "s3cr3t-" + Long.toHexString(System.nanoTime());

    @Test
    void noSecretAppearsInAnyLogLine() throws Exception {
        Pipeline p = new Pipeline("secrets", SharedKafka.bootstrapServers());
        Map<String, String> secrets = Map.of(
            "ssl.key.password", SECRET + "-key",
            "ssl.keystore.password", SECRET + "-keystore",
            "ssl.truststore.password", SECRET + "-truststore",
            "schema.registry.basic.auth.user", "homeostat",
            "schema.registry.basic.auth.password", SECRET + "-registry",
            "schema.registry.ssl.truststore.password", SECRET + "-registry-truststore");
        p.scheduler.putAll(secrets);
        p.worker.putAll(secrets);

        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        StringWriter captured = new StringWriter();
        WriterAppender appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(captured)
            .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getRootLogger().addAppender(appender);
        Level before = ctx.getRootLogger().getLevel();
        Configurator.setRootLevel(Level.INFO);
        try {
            SchedulerAppConfig schedulerConfig = new SchedulerAppConfig(p.scheduler);
            WorkerConfig workerConfig = new WorkerConfig(p.worker);
            try (SchedulerApp scheduler = SchedulerApp.start(schedulerConfig);
                 WorkerApp worker = WorkerApp.start(workerConfig)) {
                scheduler.awaitRunning(Duration.ofSeconds(60));
                assertTrue(worker.isRunning());
            }
            String all = captured + "\n" + schedulerConfig + "\n" + workerConfig;
            assertTrue(all.contains("ProducerConfig values") || all.contains("ConsumerConfig values"),
                "the capture saw no client configuration dump; it would prove nothing");
            assertFalse(all.contains(SECRET), "a secret reached the logs:\n" + lineWith(all, SECRET));
        } finally {
            Configurator.setRootLevel(before);
            ctx.getRootLogger().removeAppender(appender);
            appender.stop();
        }
    }

    private static String lineWith(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).findFirst().orElse("");
    }
}
