package io.homeostat.core.scheduler;

import io.homeostat.core.Request;

/**
 * A request as it leaves the queue inside a batch.
 *
 * @param request           the request
 * @param seq               its queue sequence number (the key its persisted entry was stored under)
 * @param effectivePriority {@code P_eff} at dispatch
 * @param waitNs            time it spent queued
 * @param <P>               payload type
 */
public record DispatchedRequest<P>(Request<P> request, long seq, double effectivePriority, long waitNs) {
}
