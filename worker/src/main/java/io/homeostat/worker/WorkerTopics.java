package io.homeostat.worker;

/** The topics the worker reads and writes. */
public record WorkerTopics(String batches, String results, String completions, String workerMetrics, String deadLetter) {
    public static WorkerTopics defaults() {
        return new WorkerTopics("inference.batches", "inference.results", "inference.completions",
                "inference.worker-metrics", "inference.dead-letter");
    }
}
