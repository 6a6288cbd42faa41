package io.homeostat.core.scheduler;

import io.homeostat.core.queue.Dropped;
import java.util.List;

/**
 * What happened to an offered request.
 *
 * @param queued  whether it is now queued
 * @param seq     its queue sequence number (persist the entry under it), or -1 if not queued
 * @param dropped requests that left without service: the offered one if refused (too large,
 *                already expired, shed at once), or another one shed to make room
 * @param cutDue  whether the policy would cut now: the caller may call {@link PoolScheduler#tick}
 *                at once instead of waiting for its next tick (e.g. the batch just became full)
 * @param <P>     payload type
 */
public record OfferResult<P>(boolean queued, long seq, List<Dropped<P>> dropped, boolean cutDue) {
}
