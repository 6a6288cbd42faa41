package io.homeostat.core.policy;

/**
 * Decides <i>when</i> to cut a batch and <i>how many</i> requests it may take. One class per
 * policy, registered by name in {@link BatchPolicies}; every implementation passes the same
 * contract test ({@code BatchPolicyContract}).
 *
 * <p>Contract: {@link #decide} does not change the policy's state (it may be called any number
 * of times per tick); it never cuts an empty queue, never asks for more than
 * {@code limits().maxRequests()} nor fewer than 1, cuts at once when the queue holds a full
 * batch, and when it waits, names a {@code nextDecisionNs} after {@code now} at which - absent
 * arrivals and completions - it cuts. State that learns from completions lives in
 * {@link #onCompletion} and is exported with {@link #exportState}.
 */
public interface BatchPolicy {

    /** The registered name: entropy, fixed, triton, aimd. */
    String name();

    /** The decision for the pool as {@code in} shows it. Pure. */
    CutDecision decide(PolicyInput in);

    /** The batching window in force for {@code in} (for metrics: adaptive_window_ms). */
    long windowNs(PolicyInput in);

    /** A batch of {@code batchSize} completed in {@code serviceNs}. */
    default void onCompletion(int batchSize, long serviceNs) {
    }

    /** Learned state to persist; {@link PolicyState#none} for stateless policies. */
    default PolicyState exportState() {
        return PolicyState.none(name());
    }

    /** Resumes from {@link #exportState()}'s value. */
    default void restore(PolicyState state) {
        state.requirePolicy(name());
    }
}
