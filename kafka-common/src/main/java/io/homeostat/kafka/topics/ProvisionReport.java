package io.homeostat.kafka.topics;

import java.util.List;

/**
 * What {@link TopicProvisioner#provision} did.
 *
 * @param created topics it created
 * @param existing topics that were there and agree with the file
 * @param drift existing topics whose other settings (retention, min ISR, configs) differ from the file: reported, not changed
 * @param brokers the cluster size the catalog was fitted to
 */
public record ProvisionReport(List<String> created, List<String> existing, List<String> drift, int brokers) {
    public ProvisionReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        drift = List.copyOf(drift);
    }
}
