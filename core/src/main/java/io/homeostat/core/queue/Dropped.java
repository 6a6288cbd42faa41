package io.homeostat.core.queue;

import io.homeostat.core.Request;

/**
 * A request the scheduler gives up on, with the reason, for the caller to answer the client
 * (the Streams layer writes an {@code InferenceResult} with status EXPIRED or REJECTED).
 *
 * @param request           the request
 * @param seq               its queue sequence number, or -1 if it was never queued
 * @param reason            the category
 * @param detail            the reason in words a person can act on
 * @param atNs              when it was dropped
 * @param effectivePriority its {@code P_eff} at that time
 * @param <P>               payload type
 */
public record Dropped<P>(Request<P> request, long seq, DropReason reason, String detail, long atNs,
                         double effectivePriority) {
}
