package io.homeostat.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * On SIGTERM the JVM runs every shutdown hook at once. A child JVM starts an embedded broker and a
 * hook of its own that, a second after the signal, asks the broker something and then closes it
 * (what the CLI does: close the clients, then the cluster). With
 * {@link EmbeddedKafka#holdExitHookUntilClosed} the broker is still there to answer; without, its own
 * hook has stopped it (the second case shows the test can tell the two apart).
 */
class EmbeddedKafkaExitHoldTest {
    @Test
    void aHeldBrokerOutlivesTheSignalUntilItsOwnerClosesIt() throws Exception {
        String out = runAndSigterm(true);
        assertTrue(out.contains("after the signal: the broker answered"), out);
    }

    @Test
    void withoutAHoldTheBrokerStopsOnTheSignal() throws Exception {
        String out = runAndSigterm(false);
        assertTrue(out.contains("after the signal: no broker"), out);
    }

    private static String runAndSigterm(boolean hold) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(List.of(), Child.class.getName(), List.of(String.valueOf(hold))))
            .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.append(line).append('\n');
                if (line.equals("ready")) {
                    p.toHandle().destroy(); // SIGTERM
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return out.toString();
    }

    /** The child: a broker, optionally held, and an owner's hook that uses it after the signal. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            if (Boolean.parseBoolean(args[0])) {
                kafka.holdExitHookUntilClosed(Duration.ofSeconds(30));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(1000); // the broker's own hook runs meanwhile
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                        System.out.println("after the signal: the broker answered");
                    }
                } catch (Exception e) {
                    System.out.println("after the signal: no broker (" + e.getClass().getSimpleName() + ")");
                } finally {
                    kafka.close();
                    System.out.flush();
                }
            }, "owner-close"));
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
