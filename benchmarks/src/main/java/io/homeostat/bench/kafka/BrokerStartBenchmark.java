package io.homeostat.bench.kafka;

import io.homeostat.kafka.embedded.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedded broker start time: from {@code start()} to the first answered describeCluster.
 * The first in-process start pays class loading and JIT (a cold JVM, what the demo and a test
 * JVM see once); later starts in the same JVM are warm. Child-JVM starts are always cold.
 *
 * <pre>
 *   java -cp ... io.homeostat.bench.kafka.BrokerStartBenchmark [warmRuns=5] [childRuns=3]
 * </pre>
 */
public final class BrokerStartBenchmark {
    private BrokerStartBenchmark() {
    }

    public static void main(String[] args) {
        int warmRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int childRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long cold = startAndStop(EmbeddedKafka.Mode.IN_PROCESS);
        System.out.printf("in-process, cold JVM : %5d ms%n", cold);
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < warmRuns; i++) {
            warm.add(startAndStop(EmbeddedKafka.Mode.IN_PROCESS));
        }
        System.out.printf("in-process, warm JVM : %s ms (median %d)%n", warm, median(warm));
        List<Long> child = new ArrayList<>();
        for (int i = 0; i < childRuns; i++) {
            child.add(startAndStop(EmbeddedKafka.Mode.CHILD));
        }
        System.out.printf("child JVM            : %s ms (median %d)%n", child, median(child));
    }

    private static long startAndStop(EmbeddedKafka.Mode mode) {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().mode(mode).start()) {
            return kafka.startupTime().toMillis();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
