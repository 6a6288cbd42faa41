package io.homeostat.cli;

import io.homeostat.avro.InferenceRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends a {@link ReplayPlan} at its recorded timing: request k leaves at {@code start + offset_k}
 * (a monotonic clock; short waits park, long ones sleep and wake on Ctrl-C), stamped with the
 * client timestamp {@code startUs + offset_k / 1000} — the time the trace says it was created, so
 * recording a replay and replaying the recording reproduces the same timings exactly (to the
 * microsecond). How late each send was against its target is kept: the "lag" that says how
 * faithfully the trace was followed.
 */
final class ReplayRun {
    /** Lead time before the first send, so the first requests are not late by construction. */
    static final Duration LEAD = Duration.ofMillis(100);

    /** What happened. */
    record Outcome(int sent, int total, int skipped, boolean stopped, long[] lagNs, double wallS, double traceSpanS,
                   double traceDoneS) {

        double lagMs(double q) {
            if (lagNs.length == 0) {
                return 0;
            }
            long[] sorted = lagNs.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
            return sorted[i] / 1e6;
        }

        String summary(String topic, double speed) {
            String head = stopped
                ? String.format(Locale.ROOT, "stopped after sending %d of %d requests to %s (trace time %.1f s of %.1f s at %sx)",
                    sent, total, topic, traceDoneS, traceSpanS, num(speed))
                : String.format(Locale.ROOT, "sent %d requests to %s in %.1f s (trace span %.1f s at %sx)", sent, topic, wallS,
                    traceSpanS, num(speed));
            return head + String.format(Locale.ROOT, "; send lag vs the trace: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                lagMs(0.50), lagMs(0.99), lagMs(1.0));
        }
    }

    private ReplayRun() {
    }

    /**
     * Sends requests {@code skip..} of {@code plan}; {@code beforeSend} sees each id first (a results
     * tracker registers it there).
     */
    static Outcome run(ReplayPlan plan, int skip, KafkaProducer<String, InferenceRequest> producer, String topic,
                       StopSignal stop, Progress progress, Consumer<String> beforeSend) {
        int total = plan.size() - skip;
        long[] lag = new long[Math.max(0, total)];
        AtomicReference<Exception> failure = new AtomicReference<>();
        producer.partitionsFor(topic); // metadata now, so the first sends are not late waiting for it
        long baseOffset = skip < plan.size() ? plan.offsetNs(skip) : 0;
        long span = plan.spanNs() - baseOffset;
        long startNano = System.nanoTime() + LEAD.toNanos();
        long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) + LEAD.toNanos() / 1_000;
        int sent = 0;
        boolean stopped = false;
        for (int k = skip; k < plan.size(); k++) {
            long rel = plan.offsetNs(k) - baseOffset;
            long target = startNano + rel;
            if (!waitUntil(target, stop)) {
                stopped = true;
                break;
            }
            InferenceRequest r = plan.request(k, startUs + rel / 1_000);
            beforeSend.accept(r.getRequestId());
            lag[sent] = Math.max(0, System.nanoTime() - target);
            producer.send(new ProducerRecord<>(topic, r.getPool(), r), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            sent++;
            if (failure.get() != null) {
                break;
            }
            progress.update(sent, (span - rel) / 1e9, String.format(Locale.ROOT, "lag %.1f ms", lag[sent - 1] / 1e6));
        }
        producer.flush();
        if (failure.get() != null) {
            throw new CliException(ExitCode.FAILED, "sending to " + topic + " failed after " + sent + " requests: "
                + Failures.message(failure.get()));
        }
        double wall = (System.nanoTime() - startNano) / 1e9;
        long lastRel = sent == 0 ? 0 : plan.offsetNs(skip + sent - 1) - baseOffset;
        Outcome o = new Outcome(sent, total, skip, stopped, Arrays.copyOf(lag, sent), Math.max(0, wall), span / 1e9, lastRel / 1e9);
        progress.finish(sent, String.format(Locale.ROOT, "lag p99 %.1f ms", o.lagMs(0.99)));
        return o;
    }

    /** Waits for the monotonic clock to reach {@code target}; false when a stop was asked for first. */
    private static boolean waitUntil(long target, StopSignal stop) {
        while (true) {
            if (stop.requested()) {
                return false;
            }
            long wait = target - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            if (wait > 3_000_000L) {
                if (stop.sleep(Duration.ofNanos(wait - 2_000_000L))) {
                    return false;
                }
            } else {
                LockSupport.parkNanos(wait);
            }
        }
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
