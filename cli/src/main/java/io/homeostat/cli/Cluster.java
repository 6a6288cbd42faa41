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
    /** After Ctrl-C on the embedded broker (which stops on the same signal): how long a command may take to close. */
    static final java.time.Duration EMBEDDED_GRACE = java.time.Duration.ofSeconds(5);

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

    @Override
    public void close() {
        endpoint.close();
    }
}
