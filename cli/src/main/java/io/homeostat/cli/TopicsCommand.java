package io.homeostat.cli;

import io.homeostat.kafka.topics.ProvisionReport;
import io.homeostat.kafka.topics.TopicCatalog;
import io.homeostat.kafka.topics.TopicProvisioner;
import io.homeostat.kafka.topics.TopicSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code topics}: make the cluster match topics/topics.yaml (create what is missing, refuse contradictions). */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Create missing topics from topics/topics.yaml and check existing ones.",
        "Create the topics of topics/topics.yaml that are missing and check the ones that exist: a partition "
        + "count or cleanup policy that contradicts the file is an error (exit 5), other drift a warning."},
    footer = {"", "Example: ./homeostat topics --bootstrap-servers localhost:29092"})
public final class TopicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--file", paramLabel = "FILE",
        description = "Topics file (default: the topics/topics.yaml packaged in the jar).")
    Path file;

    @Override
    public Integer call() {
        try (KafkaSession kafka = KafkaSession.connect(options.settings(), "topics")) {
            TopicCatalog catalog = (file == null ? TopicCatalog.fromClasspath() : TopicCatalog.load(file))
                .withNames(kafka.config().topics().byRole());
            ProvisionReport report;
            try (Admin admin = Admin.create(kafka.config().adminProps())) {
                report = new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(catalog);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("topics of %s on %s (%d broker%s):%n", catalog.source(), kafka.bootstrapServers(), report.brokers(),
                report.brokers() == 1 ? "" : "s");
            for (TopicSpec t : catalog.clampedTo(report.brokers()).topics()) {
                String state = report.created().contains(t.name()) ? "created" : "ok";
                out.printf("  %-28s %-8s partitions %-3d replication %-2d cleanup %s%n", t.name(), state, t.partitions(),
                    t.replicationFactor(), t.cleanupPolicy());
            }
            for (String d : report.drift()) {
                out.println("  drift (left as is): " + d);
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
