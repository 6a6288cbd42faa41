package io.homeostat.core.scheduler;

import io.homeostat.core.queue.Dropped;
import java.util.List;

/**
 * What a {@link PoolScheduler#tick} did.
 *
 * @param batches        batches cut, in order
 * @param dropped        requests that expired in the queue (or could never run)
 * @param nextDecisionNs when the next tick can change anything absent arrivals and completions
 *                       ({@link Long#MAX_VALUE}: not before the next arrival or completion);
 *                       a driver may skip ticks until then
 * @param <P>            payload type
 */
public record TickResult<P>(List<ScheduledBatch<P>> batches, List<Dropped<P>> dropped, long nextDecisionNs) {

    public boolean isEmpty() {
        return batches.isEmpty() && dropped.isEmpty();
    }
}
