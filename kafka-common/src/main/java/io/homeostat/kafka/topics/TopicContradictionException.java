package io.homeostat.kafka.topics;

import java.util.List;

/**
 * Existing topics contradict the topics file in partition count or cleanup policy. The
 * provisioner refuses to go on: either would silently break the contract.
 */
public final class TopicContradictionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> contradictions;

    public TopicContradictionException(String source, List<String> contradictions) {
        super("Existing topics contradict " + source + ":\n  - " + String.join("\n  - ", contradictions)
            + "\nRecreate those topics, point topic.<role> at other names, or change the file.");
        this.contradictions = List.copyOf(contradictions);
    }

    public List<String> contradictions() {
        return contradictions;
    }
}
