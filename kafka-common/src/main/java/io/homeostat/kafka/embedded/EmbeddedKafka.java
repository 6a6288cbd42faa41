package io.homeostat.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker, KRaft mode, one combined broker+controller node, from the Maven
 * Central jars: the default when no {@code bootstrap.servers} is configured, and the broker
 * every integration test uses (through the test-jar's {@code SharedKafka}).
 *
 * <pre>
 *   start(): free ports ─► temp dir + server.properties ─► StorageTool format (in-process)
 *            ─► IN_PROCESS: new KafkaRaftServer(config).startup()
 *               CHILD:      java -cp &lt;this classpath&gt; kafka.Kafka server.properties
 *            ─► poll Admin.describeCluster() until it answers (TCP accept is not ready)
 *   restart(kill): stop (SIGKILL for a child when kill) ─► start again on the same ports and data
 *   close(): shutdown (SIGTERM for a child) ─► delete the temp dir; a shutdown hook does the same
 *            (at once, or after up to holdExitHookUntilClosed's wait for the owner's close)
 * </pre>
 *
 * <p>The settings come from ../shared/KAFKA-NOTES.md: without replication factor / min ISR 1 for
 * the offsets, transaction-state and share-coordinator topics a one-node cluster never serves
 * Streams (it never reaches RUNNING). In-process is ready in ~3 s cold (~0.3 s warm) and costs
 * ~300 MB of heap; a child JVM takes longer to start but isolates the broker's threads and heap.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Where the broker runs. */
    public enum Mode {
        IN_PROCESS, CHILD;

        /** {@code in-process}/{@code in_process} or {@code child}, any case. */
        public static Mode parse(String text) {
            String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                return valueOf(norm);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown embedded Kafka mode '" + text + "': expected in-process or child", e);
            }
        }
    }

    private final Mode mode;
    private final Path dir;
    private final int port;
    private final int sslPort;
    private final Duration startupTime;
    private final Node node;
    private final Builder settings;
    private final Properties props;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafka(Mode mode, Path dir, int port, int sslPort, Duration startupTime, Node node, Builder settings,
                          Properties props, Thread shutdownHook) {
        this.mode = mode;
        this.dir = dir;
        this.port = port;
        this.sslPort = sslPort;
        this.startupTime = startupTime;
        this.node = node;
        this.settings = settings;
        this.props = props;
        this.shutdownHook = shutdownHook;
    }

    /** The running server (in-process) or process (child); replaced by {@link #restart}. */
    private static final class Node {
        volatile KafkaRaftServer server;
        volatile Process process;
        /** How long the JVM's exit hook waits for {@link #close()} before stopping the broker itself. */
        volatile long exitHoldMs;
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicBoolean stopped = new AtomicBoolean();

        /** The exit hook: gives the owner {@link #exitHoldMs} to close (and so stop) first. */
        void onJvmExit(Mode mode, Path dir) {
            try {
                closed.await(exitHoldMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop(mode, this, dir);
        }
    }

    /** An in-process broker with the default settings. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:<port>} of the SSL listener, when one was asked for. */
    public Optional<String> sslBootstrapServers() {
        return sslPort > 0 ? Optional.of("127.0.0.1:" + sslPort) : Optional.empty();
    }

    /** Client properties for the PLAINTEXT listener: {@code bootstrap.servers}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public Mode mode() {
        return mode;
    }

    /** The temporary directory (data, server.properties, a child's broker.log); deleted on close. */
    public Path directory() {
        return dir;
    }

    /** From start() to the first answered describeCluster. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * On Ctrl-C or SIGTERM the JVM runs every shutdown hook at once, this broker's among them. By
     * default the broker stops at once; with a hold, its hook first waits up to {@code max} for this
     * broker's {@link #close()}, so an owner that closes its clients first (a scheduler committing its
     * last transaction, a worker its results) still has a broker to talk to. The owner's own hook must
     * wait for it (the CLI's StopSignal does).
     */
    public void holdExitHookUntilClosed(Duration max) {
        node.exitHoldMs = max.toMillis();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(mode, node, dir);
        node.closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook is running or has run
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + mode + ", " + bootstrapServers() + sslBootstrapServers().map(s -> ", ssl " + s).orElse("") + "]";
    }

    /**
     * Stops the broker and starts it again on the same ports with the same data (committed records,
     * offsets, transactions survive), then waits until it answers. {@code kill}: a child JVM is
     * SIGKILLed (no controlled shutdown, as in a crash); in-process brokers always shut down cleanly.
     * Clients keep their bootstrap address and reconnect. For reliability tests.
     */
    public synchronized void restart(boolean kill) {
        if (closed) {
            throw new IllegalStateException("embedded Kafka is closed");
        }
        long started = System.nanoTime();
        try {
            if (node.server != null) {
                node.server.shutdown();
                node.server.awaitShutdown();
                node.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                node.server.startup();
            } else {
                Process p = node.process;
                if (kill) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                node.process = settings.launchChild(dir);
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Embedded Kafka (" + mode + ") failed to restart: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while restarting embedded Kafka", e);
        }
        settings.awaitReady(port, node.process, dir, System.nanoTime());
        LOG.info("Embedded Kafka ({}) restarted at 127.0.0.1:{} in {} ms", mode, port,
            (System.nanoTime() - started) / 1_000_000);
    }

    private static void stop(Mode mode, Node node, Path dir) {
        if (!node.stopped.compareAndSet(false, true)) {
            return; // close() and the exit hook both get here when the JVM exits during a close
        }
        KafkaRaftServer server = node.server;
        Process process = node.process;
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka ({}) did not shut down cleanly: {}", mode, e.toString());
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete embedded Kafka directory {}: {}", dir, e.toString());
        }
    }

    /** Settings for a broker; {@link #start()} builds it. */
    public static final class Builder {
        private Mode mode = Mode.IN_PROCESS;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(90);
        private SslListener ssl;
        private List<String> childJvmArgs = List.of("-Xmx512m", "-XX:+UseSerialGC");

        private Builder() {
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Any broker setting, applied over the defaults (e.g. {@code num.partitions}). */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Adds an SSL listener next to PLAINTEXT. */
        public Builder sslListener(SslListener listener) {
            this.ssl = listener;
            return this;
        }

        /** JVM flags of a CHILD broker (default {@code -Xmx512m -XX:+UseSerialGC}). */
        public Builder childJvmArgs(List<String> args) {
            this.childJvmArgs = List.copyOf(args);
            return this;
        }

        /** Starts the broker and waits until it answers; retries once on a port clash. */
        public EmbeddedKafka start() {
            RuntimeException last = null;
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    return tryStart();
                } catch (PortClashException e) {
                    last = e;
                    LOG.warn("Embedded Kafka: port clash, retrying with new ports ({})", e.getMessage());
                }
            }
            throw last;
        }

        private EmbeddedKafka tryStart() {
            long started = System.nanoTime();
            Path dir;
            try {
                dir = Files.createTempDirectory("homeostat-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp dir for embedded Kafka", e);
            }
            int[] ports = freePorts(ssl != null ? 3 : 2);
            int port = ports[0];
            int controllerPort = ports[1];
            int sslPort = ssl != null ? ports[2] : -1;
            Properties props = brokerProperties(dir, port, controllerPort, sslPort);
            Path config = dir.resolve("server.properties");
            Node node = new Node();
            Thread hook = null;
            try {
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "Homeostat embedded Kafka (KRaft, combined node)");
                }
                format(config);
                if (mode == Mode.IN_PROCESS) {
                    node.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                } else {
                    node.process = launchChild(dir);
                }
                hook = new Thread(() -> node.onJvmExit(mode, dir), "embedded-kafka-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                if (node.server != null) {
                    node.server.startup();
                }
                awaitReady(port, node.process, dir, started);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                LOG.info("Embedded Kafka ({}) ready at 127.0.0.1:{} in {} ms", mode, port, took.toMillis());
                return new EmbeddedKafka(mode, dir, port, sslPort, took, node, this, props, hook);
            } catch (IOException | RuntimeException e) {
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException ignored) {
                        // shutting down anyway
                    }
                }
                String log = node.process != null ? tail(dir.resolve("broker.log")) : "";
                stop(mode, node, dir);
                if (isPortClash(e) || log.contains("BindException") || log.contains("Address already in use")) {
                    throw new PortClashException(String.valueOf(e.getMessage()), e);
                }
                if (e instanceof EmbeddedKafkaException) {
                    throw (EmbeddedKafkaException) e;
                }
                throw new EmbeddedKafkaException("Embedded Kafka (" + mode + ") failed to start: " + e
                    + (log.isEmpty() ? "" : "\n--- broker.log (tail) ---\n" + log), e);
            }
        }

        /** A child JVM running {@code kafka.Kafka} on {@code dir/server.properties}, appending to broker.log. */
        private Process launchChild(Path dir) throws IOException {
            return new ProcessBuilder(ChildJvm.command(childJvmArgs, "kafka.Kafka",
                    List.of(dir.resolve("server.properties").toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
        }

        private void awaitReady(int port, Process process, Path dir, long started) {
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            long deadline = started + startupTimeout.toNanos();
            while (true) {
                if (process != null && !process.isAlive()) {
                    throw new EmbeddedKafkaException("Embedded Kafka child JVM exited with code " + process.exitValue()
                        + " before it was ready\n--- broker.log (tail) ---\n" + tail(dir.resolve("broker.log")), null);
                }
                try {
                    KafkaConnectivity.check(client, Duration.ofSeconds(2));
                    return;
                } catch (KafkaUnreachableException e) {
                    if (System.nanoTime() > deadline) {
                        throw new EmbeddedKafkaException("Embedded Kafka (" + mode + ") not ready within "
                            + startupTimeout.toSeconds() + " s: " + e.getMessage(), e);
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmbeddedKafkaException("Interrupted while waiting for embedded Kafka", e);
                }
            }
        }

        private Properties brokerProperties(Path dir, int port, int controllerPort, int sslPort) {
            String host = "127.0.0.1";
            String listeners = "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort;
            String advertised = "PLAINTEXT://" + host + ":" + port;
            String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
            if (ssl != null) {
                listeners += ",SSL://" + host + ":" + sslPort;
                advertised += ",SSL://" + host + ":" + sslPort;
                protocols += ",SSL:SSL";
            }
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
            props.put("listeners", listeners);
            props.put("advertised.listeners", advertised);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", protocols);
            props.put("log.dirs", dir.resolve("data").toString());
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "5");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            props.put("num.partitions", "1");
            if (ssl != null) {
                props.put("listener.name.ssl.ssl.keystore.location", ssl.keystore().toAbsolutePath().toString());
                props.put("listener.name.ssl.ssl.keystore.password", ssl.password());
                props.put("listener.name.ssl.ssl.key.password", ssl.password());
                props.put("listener.name.ssl.ssl.keystore.type", ssl.keystoreType());
            }
            props.putAll(overrides);
            return props;
        }
    }

    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"}, print);
        }
        if (rc != 0) {
            throw new EmbeddedKafkaException("Formatting the embedded Kafka storage failed (exit " + rc + "): "
                + output.toString(StandardCharsets.UTF_8).strip(), null);
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for embedded Kafka", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private static boolean isPortClash(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Start-up failure; the message carries the tail of a child broker's log. */
    public static final class EmbeddedKafkaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EmbeddedKafkaException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class PortClashException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortClashException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
