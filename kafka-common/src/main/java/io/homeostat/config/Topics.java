package io.homeostat.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topic names in force (config keys {@code topic.<role>}, defaults from topics/topics.yaml).
 */
public record Topics(String requests, String batches, String results, String completions, String metrics,
                     String workerMetrics, String deadLetter) {

    public static final String REQUESTS = "requests";
    public static final String BATCHES = "batches";
    public static final String RESULTS = "results";
    public static final String COMPLETIONS = "completions";
    public static final String METRICS = "metrics";
    public static final String WORKER_METRICS = "worker-metrics";
    public static final String DEAD_LETTER = "dead-letter";

    /** role → name, for {@code TopicCatalog.withNames}. */
    public Map<String, String> byRole() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(REQUESTS, requests);
        names.put(BATCHES, batches);
        names.put(RESULTS, results);
        names.put(COMPLETIONS, completions);
        names.put(METRICS, metrics);
        names.put(WORKER_METRICS, workerMetrics);
        names.put(DEAD_LETTER, deadLetter);
        return names;
    }
}
