package io.homeostat.scheduler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler nodes (one per task) that share a Kafka Streams stream thread, and when the
 * earliest of their pools next needs a cut decision.
 *
 * <p>Why: under exactly_once_v2 a commit blocks the stream thread (producer flush, offsets,
 * EndTxn) and no punctuator runs meanwhile, so a cut that falls due during a commit is late by
 * what remains of it. All tasks of a thread share one producer and one transaction, so whether
 * now is a good moment to commit depends on every pool of the thread, not only on the task that
 * just cut. A node asks for a commit after a cut only when {@link #earliestDecisionNs()} is far
 * enough ahead ({@code scheduler.commit.on.cut.guard.ms}).
 *
 * <pre>
 *   stream thread T ── calendar(T) ── node task 0_1 (pools a)    nextDecisionNs = min over its pools
 *                                  ├─ node task 0_3 (pools b, c)
 *                                  └─ node task 0_4 (pools d)     earliestDecisionNs = min over nodes
 * </pre>
 *
 * A node joins the calendar of the thread that runs its punctuator (Kafka Streams runs a task's
 * processing and punctuation on its stream thread) and leaves it when it closes.
 */
final class ThreadCutCalendar {
    /** What a node tells the calendar. */
    interface Node {
        /** The earliest time one of its pools needs a decision; {@link Long#MAX_VALUE} when none waits. */
        long nextDecisionNs();
    }

    private static final ThreadLocal<ThreadCutCalendar> CURRENT = ThreadLocal.withInitial(ThreadCutCalendar::new);

    private final Set<Node> nodes = ConcurrentHashMap.newKeySet();

    /** The calendar of the calling thread. */
    static ThreadCutCalendar ofCurrentThread() {
        return CURRENT.get();
    }

    void join(Node node) {
        nodes.add(node);
    }

    void leave(Node node) {
        nodes.remove(node);
    }

    /** The earliest next decision over every node of this thread. */
    long earliestDecisionNs() {
        long min = Long.MAX_VALUE;
        for (Node n : nodes) {
            min = Math.min(min, n.nextDecisionNs());
        }
        return min;
    }
}
