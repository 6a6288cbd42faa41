package io.homeostat.cli;

import io.homeostat.config.CommonConfig;
import io.homeostat.kafka.embedded.KafkaEndpoint;
import io.homeostat.kafka.topics.ProvisionReport;
import io.homeostat.kafka.topics.TopicProvisioner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka a long-running command (scheduler, worker, run, demo) works against, resolved once:
 *
 * <pre>
 *   bootstrap.servers empty ─► embedded broker (KafkaEndpoint) ─► its address printed, so other
 *                              terminals can produce/consume with --bootstrap-servers
 *   bootstrap.servers set   ─► connectivity check (one-line error, exit 4)
 *   then: topics provisioned from topics/topics.yaml (idempotent; contradictions: exit 5)
 * </pre>
 *
 * {@link #settings()} are the command's settings with {@code bootstrap.servers} resolved, ready to
 * build each component's config from.
 */
public final class Cluster implements AutoCloseable {
    /**
     * After Ctrl-C or SIGTERM, how long the embedded broker (whose exit hook runs on the same signal)
     * stays up for the command's clients to close: the same as {@link StopSignal}'s wait for the command.
     */
    static final java.time.Duration EMBEDDED_HOLD = StopSignal.DEFAULT_GRACE;

    private final KafkaEndpoint endpoint;
    private final Map<String, String> settings;
    private final CommonConfig common;

    private Cluster(KafkaEndpoint endpoint, Map<String, String> settings) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.common = new CommonConfig(ConfigOptions.only(CommonConfig.definition(), settings));
    }

    /**
     * Resolves Kafka for {@code settings} and, when {@code provision}, creates/checks the topics (the
     * scheduler does that itself at start); tells {@code err} what it started.
     */
    public static Cluster start(Map<String, String> given, PrintWriter err, boolean provision) {
        CommonConfig requested = new CommonConfig(ConfigOptions.only(CommonConfig.definition(), given));
        KafkaEndpoint endpoint = KafkaEndpoint.resolve(requested, KafkaSession.CONNECT_TIMEOUT);
        try {
            Map<String, String> settings = new LinkedHashMap<>(given);
            settings.putAll(endpoint.overrides());
            Cluster c = new Cluster(endpoint, settings);
            if (endpoint.embedded().isPresent()) {
                err.println("embedded Kafka broker at " + endpoint.bootstrapServers() + " (schema registry "
                    + c.common.schemaRegistryUrl() + "); other terminals: --bootstrap-servers " + endpoint.bootstrapServers());
                err.flush();
            }
            if (provision) {
                c.provision();
            }
            return c;
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    private ProvisionReport provision() {
        try (Admin admin = Admin.create(common.adminProps())) {
            return new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(common.topicCatalog());
        }
    }

    public Map<String, String> settings() {
        return settings;
    }

    public CommonConfig common() {
        return common;
    }

    public String bootstrapServers() {
        return endpoint.bootstrapServers();
    }

    public boolean embedded() {
        return endpoint.embedded().isPresent();
    }

    /**
     * On a stop signal, keeps an embedded broker up until this cluster is closed (at most
     * {@link #EMBEDDED_HOLD}), so the scheduler's and the worker's closes still commit. Commands close
     * the cluster after their clients (try-with-resources order), and before their {@link StopSignal}.
     */
    public void holdBrokerUntilClosed() {
        endpoint.embedded().ifPresent(k -> k.holdExitHookUntilClosed(EMBEDDED_HOLD));
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
