package io.homeostat.scheduler;

import io.homeostat.config.Topics;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.kafka.topics.TopicSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process: provisions the topics from the catalog, starts Kafka Streams on the
 * {@link SchedulerTopology}, and serves the Prometheus endpoint.
 *
 * <pre>
 *   SchedulerApp app = SchedulerApp.start(new SchedulerAppConfig(props)); // bootstrap.servers resolved
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   ...
 *   app.close();                                                          // commits, then stops (bounded)
 * </pre>
 *
 * A stream thread that dies of an unexpected exception shuts the client down
 * ({@code SHUTDOWN_CLIENT}): under exactly-once nothing it did after its last commit is
 * visible, and a restarted instance resumes from there. {@link #state()} then reads ERROR.
 */
public final class SchedulerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerApp.class);
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final SchedulerAppConfig config;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final MetricsEndpoint endpoint;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);

    private SchedulerApp(SchedulerAppConfig config, KafkaStreams streams, PrometheusMeterRegistry registry,
                         MetricsEndpoint endpoint) {
        this.config = config;
        this.streams = streams;
        this.registry = registry;
        this.endpoint = endpoint;
    }

    /** Provisions topics, starts Kafka Streams and the metrics endpoint, and returns (not waiting for RUNNING). */
    public static SchedulerApp start(SchedulerAppConfig config) {
        requireCopartitioned(config.topicCatalog());
        try (Admin admin = Admin.create(config.adminProps())) {
            new TopicProvisioner(admin, PROVISION_TIMEOUT).provision(config.topicCatalog());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsEndpoint endpoint = null;
        KafkaStreams streams;
        try {
            endpoint = config.metricsPort() < 0 ? null : MetricsEndpoint.start(registry, config.metricsPort());
            Topology topology = SchedulerTopology.build(config, new SchedulerGauges(registry), SchedulerClock.Source.system());
            Properties props = new Properties();
            props.putAll(config.streamsProperties());
            streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            registry.close();
            throw e;
        }
        SchedulerApp app = new SchedulerApp(config, streams, registry, endpoint);
        streams.setStateListener((now, before) -> {
            LOG.info("scheduler {}: {} -> {}", config.applicationId(), before, now);
            if (now == KafkaStreams.State.RUNNING) {
                app.running.countDown();
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                app.failed.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("scheduler {}: stream thread failed, shutting the client down: {}", config.applicationId(),
                e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        try {
            streams.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("scheduler {} started: policy {}, tick {} ms, {}, metrics {}", config.applicationId(), config.policy(),
            config.tickMs(), config.exactlyOnce() ? "exactly_once_v2" : "at_least_once",
            endpoint == null ? "endpoint off" : "http://localhost:" + endpoint.port() + "/metrics");
        return app;
    }

    /**
     * Requests and completions must have the same partition count: partition p of both belongs to
     * task p, which is how a pool's completions reach the task that owns the pool. Kafka Streams
     * does not check this for Processor API sources, so the scheduler does.
     */
    static void requireCopartitioned(TopicCatalog catalog) {
        TopicSpec requests = catalog.byRole(Topics.REQUESTS);
        TopicSpec completions = catalog.byRole(Topics.COMPLETIONS);
        if (requests.partitions() != completions.partitions()) {
            throw new IllegalStateException(requests.name() + " has " + requests.partitions() + " partitions and "
                + completions.name() + " " + completions.partitions() + " (" + catalog.source() + "): the scheduler needs "
                + "the same count on both, so a pool's completions reach the task that owns the pool");
        }
    }

    /**
     * Waits until Kafka Streams is RUNNING (tasks assigned and state restored).
     *
     * @throws IllegalStateException when it stopped or failed instead, when it is not running after
     *     {@code timeout}, or when the waiting thread is interrupted (its interrupt flag is kept)
     */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                KafkaStreams.State now = streams.state();
                if (now == KafkaStreams.State.RUNNING) {
                    return;
                }
                if (failed.getCount() == 0 || now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING
                        || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.PENDING_SHUTDOWN) {
                    throw new IllegalStateException("scheduler " + config.applicationId() + " stopped before running: "
                        + now);
                }
                running.await(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                    TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for scheduler " + config.applicationId(), e);
        }
        if (streams.state() == KafkaStreams.State.RUNNING) {
            return;
        }
        throw new IllegalStateException("scheduler " + config.applicationId() + " not running after " + timeout.toMillis()
            + " ms (state " + streams.state() + ")");
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Prometheus endpoint's port, or -1 when it is off. */
    public int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    /** The registry behind the endpoint (the gauges of every pool this instance owns). */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public SchedulerAppConfig config() {
        return config;
    }

    /**
     * Stops Kafka Streams (a clean close commits what was processed) and leaves the consumer
     * group, so the pools move to another instance at once instead of after the session timeout;
     * then stops the endpoint. Bounded: at most ~30 s.
     */
    @Override
    public void close() {
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
        if (!closed) {
            LOG.warn("scheduler {}: Kafka Streams did not close within {} s", config.applicationId(),
                CLOSE_TIMEOUT.toSeconds());
        }
        if (endpoint != null) {
            endpoint.close();
        }
        registry.close();
    }
}
