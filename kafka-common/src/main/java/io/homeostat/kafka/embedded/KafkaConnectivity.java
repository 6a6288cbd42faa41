package io.homeostat.kafka.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;

/**
 * Asks a Kafka cluster who it is, within a deadline, and turns every way of not getting an
 * answer into one line naming {@code bootstrap.servers}. A TCP connect is not enough to call a
 * broker ready (KRaft accepts connections before it can serve metadata); describeCluster is.
 */
public final class KafkaConnectivity {

    /** What the cluster answered. */
    public record ClusterInfo(String clusterId, int brokers) {
    }

    private KafkaConnectivity() {
    }

    /**
     * Describes the cluster reachable with {@code clientProps} (bootstrap.servers plus any
     * security settings).
     *
     * @throws KafkaUnreachableException when no broker answers within {@code timeout}
     */
    public static ClusterInfo check(Map<String, ?> clientProps, Duration timeout) {
        String bootstrap = String.valueOf(clientProps.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        if (bootstrap.isBlank() || "null".equals(bootstrap)) {
            throw new KafkaUnreachableException(bootstrap, "bootstrap.servers is empty: nothing to connect to");
        }
        Map<String, Object> props = new HashMap<>(clientProps);
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "homeostat-connectivity-check");
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw new KafkaUnreachableException(bootstrap, "Kafka is not reachable at bootstrap.servers="
                + bootstrap + ": " + rootMessage(e));
        }
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            Collection<Node> nodes = cluster.nodes().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
            String id = cluster.clusterId().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
            return new ClusterInfo(id, nodes.size());
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnreachableException(bootstrap, "Kafka is not reachable at bootstrap.servers="
                + bootstrap + ": no broker answered within " + timeout.toMillis() + " ms ("
                + rootMessage(e) + "). Is the broker running and the address right? Leave bootstrap.servers"
                + " empty to use the embedded broker.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachableException(bootstrap, "Interrupted while contacting Kafka at bootstrap.servers=" + bootstrap);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
