package io.homeostat.core.policy;

import java.util.Arrays;

/**
 * A policy's learned state, compact and versioned: a few numbers.
 *
 * @param policy  the policy's name (a state is only restored into the same policy)
 * @param version the policy's state version
 * @param values  its numbers
 */
public record PolicyState(String policy, int version, double[] values) {

    public PolicyState {
        values = values.clone();
    }

    public static PolicyState none(String policy) {
        return new PolicyState(policy, 1, new double[0]);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Throws unless this state was written by {@code policyName}. */
    public void requirePolicy(String policyName) {
        if (!policy.equals(policyName)) {
            throw new IllegalArgumentException("state of policy '" + policy + "' cannot be restored into policy '"
                + policyName + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyState s && s.policy.equals(policy) && s.version == version
            && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return policy.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PolicyState[" + policy + " v" + version + " " + Arrays.toString(values) + "]";
    }
}
